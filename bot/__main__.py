"""coopbot: a Telegram and Bale chatbot bringing members of cooperatives into free TVTO courses.

An error in a setting, or in the database, file or server it names, is one sentence naming it,
exit status 2 (messages in --lang, else DEFAULT_LOCALE)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
from pathlib import Path

from bot.cli import admin as cli_admin  # staff/admin commands: backup, import-courses, export
from bot.cli import privacy as cli_privacy  # erase people's data from the office PC
from bot.cluster.roles import ROLES
from bot.core.config import ConfigError, Settings, load_settings
from bot.core.i18n import LOCALES
from bot.core.logs import setup_logging

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


async def cmd_run(settings: Settings, role: str = "all") -> int:
    from bot.app import Runtime

    if not settings.tokens():
        raise ConfigError(key="cli-no-messenger")
    if role != "all":
        return await _run_part(settings, role)
    runtime = Runtime(settings)
    try:
        await runtime.start()
        await _wait_for_signal()
    finally:
        await runtime.stop()
    return 0


async def _run_part(settings: Settings, role: str) -> int:
    """One part of the cluster (bot/cluster/): until a signal, or until the part stops."""
    from bot.cluster.console import WebConsole
    from bot.cluster.health import queue_check
    from bot.cluster.health import start_server as start_health
    from bot.cluster.roles import make_part

    part = make_part(settings, role)
    health = None
    try:
        await part.start()
        if isinstance(part, WebConsole):  # answered on the console's port; HEALTH_PORT too
            health = await part.serve_health()
        else:
            assert part.queue is not None
            health = await start_health(settings, role, queue_check(part.queue), part.parts)
        running = asyncio.ensure_future(part.run())
        signalled = asyncio.ensure_future(_wait_for_signal())
        await asyncio.wait({running, signalled}, return_when=asyncio.FIRST_COMPLETED)
        for task in (running, signalled):
            task.cancel()
        await asyncio.gather(running, signalled, return_exceptions=True)
        failure = None if running.cancelled() else running.exception()
        if failure is not None:  # the part stopped by itself: say why
            raise failure
    finally:
        if health is not None:
            await health.stop()
        await part.stop()
    return 0


WEB_HINT = "the staff web desk is at {url}: send /web here for a one-time sign-in link."
DEMO_PERSON = 1001  # «مریم», the person at the terminal
STAFF_HINT = (
    "you are an admin; {count} members of two cooperatives have answered the assessment and "
    "asked for courses. Try /nominations (and /closemonth to close this month's list now), "
    "/broadcast, /broadcasts, /stats, /audit, /admin."
)


async def cmd_demo(settings: Settings, platform: str, lang: str | None, staff: bool) -> int:
    from bot.app import Runtime
    from bot.services.demo import OFFICE, seed_office
    from sandbox import Sandbox
    from sandbox.terminal import run_terminal_chat

    async with Sandbox() as sandbox:
        sandbox.add_bot(DEMO_TOKEN, platform=platform, username="coopbot_demo")
        runtime = Runtime(settings, base_urls={platform: sandbox.base_url}, demo=staff)
        await runtime.start({platform: DEMO_TOKEN})
        # Bale sends no language_code: --lang reaches the bot as DEFAULT_LOCALE (main()).
        person = sandbox.person(
            DEMO_PERSON, first_name="مریم", language_code=lang if platform == "telegram" else None
        )
        try:
            print(f"coopbot demo on a local {platform} sandbox at {sandbox.base_url}")
            if staff:
                assert runtime.services is not None
                for member in OFFICE:  # they can be sent announcements and notices
                    sandbox.person(member.user_id, member.first_name, member.language_code)
                s = runtime.services
                await seed_office(s.db, s.members, s.assessment, s.registration, platform)
                print(STAFF_HINT.format(count=len(OFFICE)))
                if settings.web_enabled:
                    print(WEB_HINT.format(url=settings.web_url))
            # input from a file or a pipe: each line waits for the bot's answer before the next
            scripted = not sys.stdin.isatty()
            await run_terminal_chat(
                sandbox,
                person,
                reply_wait_s=10.0 if scripted else 0.0,
                linger_s=5.0 if scripted else 0.5,
                quiet_s=1.0 if scripted else 0.15,
            )
        finally:
            await runtime.stop()
    return 0


async def cmd_migrate(settings: Settings, locale: str) -> int:
    from bot.cli.startup import database_errors, ready_database
    from storage.engine import create_database

    t = _translator(locale)
    with database_errors():
        db = create_database(settings.database_url)
    try:
        before, after = await ready_database(db)
    finally:
        await db.dispose()
    now = ", ".join(sorted(after))
    if before == after:
        print(t("cli-migrate-current", revisions=now))
    else:
        was = ", ".join(sorted(before)) or t("cli-migrate-empty")
        print(t("cli-migrate-done", before=was, after=now))
    return 0


def _translator(locale: str):
    from functools import partial

    from bot.core.i18n import Translator

    return partial(Translator(default=locale), locale)


def free_local_port() -> int:
    """A port nobody listens on at 127.0.0.1 now (the demo's web desk)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def demo_catalogue() -> Path:
    """The sample season moved to around today (bot/cli/demo_courses.py), next to the demo data."""
    from bot.cli.demo_courses import write_demo_catalogue
    from bot.core.clock import SystemClock
    from bot.persian.jalali import tehran_today

    today = tehran_today(SystemClock().now())
    return write_demo_catalogue(SAMPLE_COURSES, Path("data/demo_courses.yaml"), today)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="coopbot",
        description=__doc__,
        epilog="`coopbot COMMAND --help` describes each command's options. Settings: README.md.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    lang = cli_admin.lang_option()
    run = sub.add_parser(
        "run", parents=[lang], help="serve every messenger with a token (long polling)"
    )
    run.add_argument(
        "--role",
        choices=ROLES,
        default=None,
        help="all: everything in this process (default, ROLE); with PostgreSQL, ingress: "
        "long-poll and store updates, worker: handle stored updates, web: serve the staff web "
        "console (README: several processes)",
    )
    demo = sub.add_parser(
        "demo",
        parents=[lang],
        help="talk to the bot in this terminal through a local sandbox; no token needed",
    )
    demo.add_argument(
        "--platform",
        choices=("telegram", "bale"),
        default="telegram",
        help="shape the sandbox's updates like this messenger's (default: telegram)",
    )
    demo.add_argument(
        "--staff",
        action="store_true",
        help="you are an admin, and a few members with answers and registrations exist: try "
        "/nominations, /closemonth, /broadcast, /stats, /audit",
    )
    sub.add_parser("migrate", parents=[lang], help="bring the database schema up to date")
    cli_admin.add_parsers(sub, lang)  # staff/admin: backup, import-courses, export
    cli_privacy.add_parser(sub, lang)
    return p


def cli_locale(args: argparse.Namespace, settings: Settings | None = None) -> str:
    """The language of the command's messages: --lang, else DEFAULT_LOCALE."""
    chosen: str | None = getattr(args, "lang", None)
    if chosen:
        return chosen
    if settings is not None:
        return settings.default_locale
    raw = os.environ.get("DEFAULT_LOCALE", "").strip().lower()
    return raw if raw in LOCALES else "fa"


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    locale = cli_locale(args)
    try:
        if args.command == "demo":
            overrides: dict = {}
            if "DATABASE_URL" not in os.environ:
                overrides["database_url"] = DEMO_DB
            if "COURSES_FILE" not in os.environ:
                overrides["courses_file"] = demo_catalogue()
            if args.lang:  # what the bot says before the person chooses (Bale sends no language)
                overrides["default_locale"] = args.lang
            if args.staff and not {"WEB_PORT", "WEB_BASE_URL"} & set(os.environ):
                overrides["web_port"] = free_local_port()  # the staff web desk, on this machine
            settings = load_settings(**overrides)
            if args.staff:  # the demo person is an admin by the ADMINS rule, for this run only
                settings.admins = [*settings.admins, (args.platform, DEMO_PERSON)]
            locale = cli_locale(args, settings)
            setup_logging(settings.log_level, Path("data/demo.log"), [DEMO_TOKEN])
            return asyncio.run(cmd_demo(settings, args.platform, args.lang, args.staff))
        settings = load_settings()
        locale = cli_locale(args, settings)
        setup_logging(settings.log_level, secrets=settings.tokens().values())
        if args.command == "run":
            from bot.cluster.roles import check_role

            role = args.role or settings.role
            check_role(settings, role)
            return asyncio.run(cmd_run(settings, role))
        if args.command == cli_privacy.COMMAND:
            return asyncio.run(cli_privacy.run(args, settings, locale))
        if args.command in cli_admin.COMMANDS:  # staff/admin: backup, import-courses, export
            return asyncio.run(cli_admin.run(args, settings, locale))
        return asyncio.run(cmd_migrate(settings, locale))
    except ConfigError as exc:
        print(f"coopbot: {exc.text(locale)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
