"""The ledger's busiest second at the messenger, spaced before the mark (as before) and at the
call (now), side by side (issue 17: no 1-second window over DELIVERY_RATE_PER_SECOND + 1).

One process: the real dispatcher, ledger (SQLite by default, or `--database-url`), Deliverer and
python-telegram-bot against the sandbox over HTTP (Telegram's flood limits on, real clock).
`--people` members get one row each, all due; the dispatcher sends them at `--rate`. Each design
runs twice: as the database answers, and with slow "sending" marks injected (a share
`--stall-share` of the marks waits for the next `--stall-ms` boundary, as writes queued behind a
slow transaction come back together). Printed per run: rows/s, the busiest 1-second window by
the sandbox's receive times, 429s, and rows marked more than once (none: a row is never put back).

    .venv/bin/python bench/ledger_spacing_bench.py
    .venv/bin/python bench/ledger_spacing_bench.py --quick
    .venv/bin/python bench/ledger_spacing_bench.py --database-url postgresql+asyncpg://postgres@127.0.0.1/coopbench

A PostgreSQL database named is emptied (its public schema dropped) first: give it one of its own.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import telegram  # noqa: E402

from bench._common import busiest_second, machine_setup  # noqa: E402
from bot.background.delivery import Deliverer  # noqa: E402
from bot.background.jobs import SPACING_MARGIN, Dispatcher  # noqa: E402
from bot.core.clock import SystemClock  # noqa: E402
from bot.core.config import Settings  # noqa: E402
from bot.core.i18n import Translator  # noqa: E402
from bot.messenger.platforms import PROFILES  # noqa: E402
from bot.messenger.spacing import TokenBucket, spacing_burst  # noqa: E402
from bot.services.ledger import LedgerService, Notice, plain  # noqa: E402
from sandbox import Sandbox  # noqa: E402
from storage.engine import create_database  # noqa: E402
from storage.members import MembersRepo  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from tests.conftest import reset_postgres  # noqa: E402

TOKEN = "777779:spacing"
MESSAGES = ("sendMessage", "copyMessage", "sendDocument")
PACKAGES = ("python-telegram-bot", "httpx", "SQLAlchemy", "aiosqlite", "asyncpg")


class SlowMarks:
    """The ledger service with some "sending" marks held up until the next boundary."""

    def __init__(self, inner: LedgerService, share: float, boundary: float, seed: int) -> None:
        self.inner, self.share, self.boundary = inner, share, boundary
        self.random = random.Random(seed)
        self.marks = 0

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(self.inner, name)

    async def begin_send(self, delivery, worker):  # type: ignore[no-untyped-def]
        self.marks += 1
        if self.boundary and self.random.random() < self.share:
            now = asyncio.get_running_loop().time()
            await asyncio.sleep(self.boundary - now % self.boundary)
        return await self.inner.begin_send(delivery, worker)


async def one_run(url: str, people: int, rate: float, *, at_call: bool, stall: float,
                  share: float) -> dict[str, float]:  # fmt: skip
    if url.startswith("postgresql"):
        await reset_postgres(url)
    db = create_database(url)
    await upgrade(db)
    clock = SystemClock()
    settings = Settings(_env_file=None, database_url=url, quiet_hours_start="00:00",
                        quiet_hours_end="00:00")  # fmt: skip
    ledger = LedgerService(db, clock, settings)
    try:
        async with Sandbox() as sandbox:
            sandbox.add_bot(TOKEN, platform="telegram")
            now = datetime.now(UTC)
            notices = []
            async with db.write() as conn:
                for user in range(1, people + 1):
                    sandbox.person(user, "عضو", "fa", token=TOKEN)
                    member = await MembersRepo(conn).seen(
                        platform="telegram", user_id=user, chat_id=user, first_name="عضو",
                        last_name=None, username=None, language_code="fa", now=now,
                    )  # fmt: skip
                    notices.append(Notice(member.id, "bench.spacing", "1", now, plain("سلام")))
            await ledger.plan(notices)
            bot = telegram.Bot(TOKEN, base_url=sandbox.base_url)
            await bot.initialize()
            slow = SlowMarks(ledger, share, stall, seed=7)
            spaced = rate / SPACING_MARGIN
            dispatcher = Dispatcher(
                ledger=slow,  # type: ignore[arg-type]
                deliverer=Deliverer(bot, PROFILES["telegram"], Translator()),
                platform="telegram",
                batch_size=settings.delivery_batch_size,
                bucket=TokenBucket(spaced, spacing_burst(spaced)),  # as make_dispatcher
                max_in_flight=max(4, min(64, int(rate) + 1)),
                spacing_at_call=at_call,
            )
            started = time.monotonic()
            sent = 0
            while sent < people and time.monotonic() - started < 600:
                sent += (await dispatcher.tick()).sent
            await bot.shutdown()
            calls = sandbox.calls(MESSAGES, token=TOKEN)
    finally:
        await db.dispose()
    times = sorted(c.started for c in calls if c.ok)
    seconds = times[-1] - times[0] if len(times) > 1 else float("nan")
    return {
        "sent": len(times),
        "rows/s": (len(times) - 1) / seconds,
        "busiest": busiest_second(times),
        "429s": sum(1 for c in calls if c.status == 429),
        "marked twice": slow.marks - people,
    }


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="a PostgreSQL database of its own (default SQLite)")
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=20.0, help="DELIVERY_RATE_PER_SECOND")
    parser.add_argument("--stall-ms", type=float, default=200.0)
    parser.add_argument("--stall-share", type=float, default=0.1)
    parser.add_argument("--quick", action="store_true", help="smoke: 120 people")
    args = parser.parse_args()
    if args.quick:
        args.people = 120
    for line in machine_setup(PACKAGES):
        print(line)
    print(f"load average {os.getloadavg()}")
    print(f"{args.people} rows at {args.rate:g}/s; stalled marks: {args.stall_share:.0%} wait for "
          f"the next {args.stall_ms:g} ms boundary")  # fmt: skip
    print("| spacing | marks | rows/s | busiest 1-s window | 429s | marked twice |")
    print("|---|---|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for stalled in (False, True):
            for at_call in (False, True):
                url = args.database_url or f"sqlite+aiosqlite:///{tmp}/bench-{stalled}-{at_call}.db"
                out = await one_run(
                    url, args.people, args.rate, at_call=at_call,
                    stall=args.stall_ms / 1000 if stalled else 0.0, share=args.stall_share,
                )  # fmt: skip
                print(
                    f"| {'at the call (now)' if at_call else 'before the mark (before)'} "
                    f"| {'stalled' if stalled else 'as they come'} | {out['rows/s']:.1f} "
                    f"| {out['busiest']} | {out['429s']} | {out['marked twice']} |"
                )


if __name__ == "__main__":
    asyncio.run(main())
