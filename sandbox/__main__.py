"""Run the sandbox as a standalone server: ``python -m sandbox --port 8081``.

Point a bot at the printed ``base_url``; ``--chat USER_ID`` also opens a terminal chat as that
user. Other processes can drive people through the control API (``/_sandbox/...``, see
:mod:`sandbox.server`).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys

from sandbox.config import SandboxConfig
from sandbox.server import Sandbox
from sandbox.terminal import run_terminal_chat

DEFAULT_TOKEN = "123456:SANDBOX-telegram"


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m sandbox", description=__doc__)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8081, help="0 picks a free port")
    p.add_argument("--token", action="append", default=[], help="telegram bot token (repeat)")
    p.add_argument("--bale-token", action="append", default=[], help="bale bot token (repeat)")
    p.add_argument("--chat", type=int, metavar="USER_ID", help="open a terminal chat as USER_ID")
    p.add_argument("--name", default="کاربر آزمایشی", help="first name of the chatting user")
    p.add_argument("--lang", default="fa", help="language_code of the chatting user")
    p.add_argument("--latency", type=float, default=0.0, help="seconds added to each call")
    p.add_argument("--failure-rate", type=float, default=0.0, help="probability of a 502")
    p.add_argument("--no-rate-limit", action="store_true", help="disable flood control")
    p.add_argument("--chat-rate", type=float, default=1.0, help="messages/s per chat")
    p.add_argument("--chat-burst", type=int, default=3)
    p.add_argument("--global-rate", type=float, default=30.0, help="messages/s per bot")
    p.add_argument(
        "--global-scope",
        choices=("bulk", "all"),
        default="bulk",
        help="bulk: the global rate counts messages to chats that did not just write (Telegram)",
    )
    p.add_argument("--seed", type=int, default=0)
    return p


async def _serve(args: argparse.Namespace) -> None:
    config = SandboxConfig(
        host=args.host,
        port=args.port,
        latency_s=args.latency,
        failure_rate=args.failure_rate,
        rate_limit_enabled=not args.no_rate_limit,
        chat_rate=args.chat_rate,
        chat_burst=args.chat_burst,
        global_rate=args.global_rate,
        global_scope=args.global_scope,
        seed=args.seed,
    )
    tokens = [(t, "telegram") for t in args.token] + [(t, "bale") for t in args.bale_token]
    if not tokens:
        tokens = [(DEFAULT_TOKEN, "telegram")]
    async with Sandbox(config) as sb:
        infos = [sb.add_bot(token, platform) for token, platform in tokens]
        print(f"sandbox Bot API listening on {sb.url}", flush=True)
        print(f"  base_url       {sb.base_url}", flush=True)
        print(f"  base_file_url  {sb.base_file_url}", flush=True)
        for info in infos:
            print(f"  {info.platform:<8} bot  {info.token}  @{info.username}", flush=True)
        if args.chat is not None:
            person = sb.person(args.chat, args.name, args.lang, infos[0].token)
            await run_terminal_chat(sb, person)
        else:
            print("press Ctrl-C to stop", flush=True)
            await asyncio.Event().wait()


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(encoding="utf-8", errors="replace")  # type: ignore[union-attr]
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
