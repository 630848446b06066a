"""The `coopbot` command: run, demo, migrate."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from pathlib import Path

from bot import (
    cli_admin,  # staff/admin commands: backup, import-courses, export
    cli_privacy,  # erase people's data from the office PC
)
from bot.config import ConfigError, Settings, load_settings
from bot.logs import setup_logging
from storage.migrate import DatabaseTooNew

log = logging.getLogger("coopbot")

DEMO_TOKEN = "100000:demo-token"
DEMO_DB = "sqlite+aiosqlite:///data/demo.sqlite3"
SAMPLE_COURSES = Path(__file__).parent / "data" / "sample_courses.yaml"


async def _wait_for_signal() -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()


async def cmd_run(settings: Settings) -> int:
    from bot.app import Runtime

    if not settings.tokens():
        raise ConfigError(
            "No messenger is configured: set TELEGRAM_TOKEN, BALE_TOKEN or both "
            "(or try `coopbot demo`, which needs no token)."
        )
    runtime = Runtime(settings)
    try:
        await runtime.start()
        await _wait_for_signal()
    finally:
        await runtime.stop()
    return 0


async def cmd_demo(settings: Settings, platform: str, lang: str | None) -> int:
    from bot.app import Runtime
    from bot.sandbox import Sandbox
    from bot.sandbox.terminal import run_terminal_chat

    async with Sandbox() as sandbox:
        sandbox.add_bot(DEMO_TOKEN, platform=platform, username="coopbot_demo")
        runtime = Runtime(settings, base_urls={platform: sandbox.base_url})
        await runtime.start({platform: DEMO_TOKEN})
        person = sandbox.person(
            1001, first_name="مریم", language_code=lang if platform == "telegram" else None
        )
        try:
            print(f"coopbot demo on a local {platform} sandbox at {sandbox.base_url}")
            await run_terminal_chat(sandbox, person)
        finally:
            await runtime.stop()
    return 0


async def cmd_migrate(settings: Settings) -> int:
    from storage.engine import create_database
    from storage.migrate import upgrade

    db = create_database(settings.database_url)
    try:
        before, after = await upgrade(db)
    finally:
        await db.dispose()
    if before == after:
        print(f"The database is up to date (revision {', '.join(sorted(after))}).")
    else:
        was = ", ".join(sorted(before)) or "empty"
        print(f"Migrated the database from {was} to {', '.join(sorted(after))}.")
    return 0


def demo_catalogue() -> Path:
    """The sample season moved to around today (bot/demo_courses.py), next to the demo data."""
    from bot.clock import SystemClock
    from bot.demo_courses import write_demo_catalogue
    from bot.persian.jalali import tehran_today

    today = tehran_today(SystemClock().now())
    return write_demo_catalogue(SAMPLE_COURSES, Path("data/demo_courses.yaml"), today)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="coopbot", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="serve every configured messenger (polling)")
    demo = sub.add_parser("demo", help="talk to the bot in this terminal; no token needed")
    demo.add_argument("--platform", choices=("telegram", "bale"), default="telegram")
    demo.add_argument("--lang", choices=("fa", "en"), default=None)
    sub.add_parser("migrate", help="bring the database schema up to date")
    cli_admin.add_parsers(sub)  # staff/admin: backup, import-courses, export
    cli_privacy.add_parser(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        if args.command == "demo":
            overrides: dict = {}
            import os

            if "DATABASE_URL" not in os.environ:
                overrides["database_url"] = DEMO_DB
            if "COURSES_FILE" not in os.environ:
                overrides["courses_file"] = demo_catalogue()
            settings = load_settings(**overrides)
            setup_logging(settings.log_level, Path("data/demo.log"), [DEMO_TOKEN])
            return asyncio.run(cmd_demo(settings, args.platform, args.lang))
        settings = load_settings()
        setup_logging(settings.log_level, secrets=settings.tokens().values())
        if args.command == "run":
            return asyncio.run(cmd_run(settings))
        if args.command == cli_privacy.COMMAND:
            return asyncio.run(cli_privacy.run(args, settings))
        if args.command in cli_admin.COMMANDS:  # staff/admin: backup, import-courses, export
            return asyncio.run(cli_admin.run(args, settings))
        return asyncio.run(cmd_migrate(settings))
    except (ConfigError, DatabaseTooNew) as exc:
        print(f"coopbot: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
