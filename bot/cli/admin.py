"""Office PC commands (wired into `coopbot` by bot/__main__.py):

    coopbot backup [--to PATH]               a consistent copy of the SQLite database, taken
                                             while the bot runs (sqlite3's online backup API)
    coopbot import-courses FILE [--check]    the XLSX course template, all rows or none
    coopbot export month [1404/08] [--out F] the monthly nominee list (XLSX)
    coopbot export courses [--out F]         the course catalogue in the template's form
    coopbot export audit [--out F]           the log of staff and admin actions
                                             (F: a new file; `--force` replaces a file,
                                             never a link or a folder: bot/cli/out_file.py)

Each writes an audit entry (actor: the office PC). Messages are in `--lang`, else DEFAULT_LOCALE;
a place that cannot be written or a month that is not one is one sentence, exit status 2.
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import sys
from functools import partial
from pathlib import Path
from typing import Any

from bot.cli import out_file
from bot.core.config import ConfigError, Settings

COMMANDS = frozenset({"backup", "import-courses", "export"})
EXPORTS = ("month", "courses", "audit")


def lang_option() -> argparse.ArgumentParser:
    """`--lang fa|en`, shared by every command (a parent parser)."""
    lang = argparse.ArgumentParser(add_help=False)
    lang.add_argument(
        "--lang",
        choices=("fa", "en"),
        default=None,
        help="language of the messages (and of exported files); default DEFAULT_LOCALE",
    )
    return lang


def add_parsers(sub: Any, lang: argparse.ArgumentParser) -> None:
    backup = sub.add_parser(
        "backup", parents=[lang], help="copy the SQLite database safely while the bot runs"
    )
    backup.add_argument(
        "--to",
        type=Path,
        default=None,
        help="file or folder for the copy (default: backups/ beside the database)",
    )
    imports = sub.add_parser(
        "import-courses", parents=[lang], help="load courses from the XLSX template"
    )
    imports.add_argument("file", type=Path, help="the filled-in XLSX course template")
    imports.add_argument("--check", action="store_true", help="only check the rows; change nothing")
    export = sub.add_parser(
        "export", parents=[lang], help="export the monthly list, the courses or the audit log"
    )
    export.add_argument(
        "what",
        choices=EXPORTS,
        help="month: the nominee list · courses: the catalogue · audit: the action log",
    )
    export.add_argument(
        "month", nargs="?", default=None, help="for `month`: the Jalali month, like 1404/08"
    )
    export.add_argument(
        "--out",
        type=Path,
        default=None,
        help="a new file to write, never a link or a folder (default: a dated name here)",
    )
    export.add_argument("--force", action="store_true", help="replace an existing --out file")


def sqlite_path(database_url: str) -> Path | None:
    from sqlalchemy.engine import make_url

    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def backup_sqlite(source: Path, target: Path) -> int:
    """Copy `source` into `target` with the online backup API (a consistent snapshot even while
    the bot writes; WAL content included), check the copy, return its size in bytes."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(str(source), timeout=30)
    try:
        dst = sqlite3.connect(str(partial))
        try:
            src.backup(dst, pages=1024)
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            (result,) = dst.execute("PRAGMA integrity_check").fetchone()
            if result != "ok":
                raise RuntimeError(f"the copy failed its integrity check: {result}")
        finally:
            dst.close()
    finally:
        src.close()
    partial.replace(target)
    return target.stat().st_size


def _services(settings: Settings):
    from bot.core.clock import SystemClock
    from bot.core.i18n import Translator
    from bot.services.container import build_services
    from storage.engine import create_database

    return build_services(
        settings,
        create_database(settings.database_url),
        SystemClock(),
        Translator(default=settings.default_locale),
    )


def _stamp(services) -> str:
    from bot.persian.jalali import tehran_now

    return tehran_now(services.clock.now()).strftime("%Y%m%d-%H%M%S")


async def run(args: argparse.Namespace, settings: Settings, locale: str) -> int:
    from bot.cli.startup import database_errors, ready_database

    with database_errors():
        services = _services(settings)
    try:
        await ready_database(services.db)

        def t(key: str, **kw: Any) -> str:
            text: str = services.translator(locale, key, **kw)
            return text

        if args.command == "backup":
            return await _backup(services, args.to, t)
        if args.command == "import-courses":
            return await _import(services, args.file, args.check, t, locale)
        try:
            return await _export(
                services, args.what, args.month, args.out, t, locale, force=args.force
            )
        except out_file.OutRefused as refused:  # one sentence; nothing written
            print(t(refused.key, path=str(refused.path)), file=sys.stderr)
            return 2
    finally:
        await services.db.dispose()


def _read(path: Path) -> bytes | None:
    from bot.services.course_import import MAX_BYTES

    if not path.is_file():
        return None
    with path.open("rb") as stream:
        return stream.read(MAX_BYTES + 1)  # more is refused as too big, unread


async def _backup(services, to: Path | None, t) -> int:
    source = sqlite_path(services.settings.database_url)
    if source is None:
        print(t("cli-backup-postgresql"))
        return 2
    if not source.exists():
        print(t("cli-backup-no-database", path=str(source)))
        return 2
    name = f"coopbot-{_stamp(services)}.sqlite3"
    target = to or source.parent / "backups"
    if target.is_dir() or target.suffix == "":
        target = target / name
    try:
        size = await asyncio.to_thread(backup_sqlite, source, target)
    except (OSError, sqlite3.Error) as exc:  # a folder that cannot be made or written
        problem = getattr(exc, "strerror", None) or str(exc)
        raise ConfigError(key="cli-backup-unwritable", path=str(target), problem=problem) from None
    await services.admin.audit.record(
        None, "backup", "database", after={"file": target.name, "bytes": size}
    )
    print(t("cli-backup-written", path=str(target), size=size))
    return 0


async def _import(services, file: Path, check: bool, t, locale: str) -> int:
    from bot.chat.course_texts import import_report

    data = await asyncio.to_thread(_read, file)
    if data is None:
        print(t("cli-import-no-file", path=str(file)))
        return 2
    separator = "; " if locale == "en" else "؛ "
    imports = services.admin.imports
    if check:
        report, items = await imports.check(data)
        print(
            import_report(t, report, separator)
            if not report.ok
            else t("cli-import-checked", count=len(items))
        )
        return 0 if report.ok else 1
    report = await imports.import_xlsx(None, data)
    print(import_report(t, report, separator))
    return 0 if report.imported else 1


async def _export(
    services, what: str, month: str | None, out: Path | None, t, locale, *, force: bool = False
) -> int:
    stamp = _stamp(services)
    if out is not None:
        out_file.check(out, force=force)  # before anything is exported or recorded
    if what == "courses":
        _name, data = await services.admin.imports.export(None, t, rtl=locale == "fa")
        target = out or Path(f"coopbot-courses-{stamp}.xlsx")
    elif what == "audit":
        from bot.chat.reader import Lang

        reader = Lang(services.translator, locale)  # office staff read it: words, not codes
        data = await services.admin.audit.export_xlsx(reader=reader)
        await services.admin.audit.record(None, "audit.export", "audit")
        target = out or Path(f"coopbot-audit-{stamp}.xlsx")
    else:
        found = await _month(services, month)
        if found is None:
            print(
                t("cli-month-not-found", month=_shown(month, locale))
                if month
                else t("cli-month-none")
            )
            return 1
        from bot.services.exports import nominees_xlsx

        rows = await services.nomination.export_rows(found.id, locale=locale)
        data = nominees_xlsx(rows)
        await services.admin.audit.record(
            None,
            "export.month",
            "month",
            found.id,
            after={"year": found.year, "month": found.month, "rows": len(rows)},
        )
        target = out or Path(f"coopbot-month-{found.year}-{found.month:02d}.xlsx")
    await asyncio.to_thread(partial(out_file.write, force=force), target, data)
    print(t("cli-export-written", path=str(target), size=len(data)))
    return 0


async def _month(services, text: str | None):
    """The month named `1404/08` (or the latest frozen one)."""
    from storage.nominations import NominationsRepo

    async with services.db.read() as conn:
        repo = NominationsRepo(conn)
        if not text:
            months = await repo.months(limit=1)
            return months[0] if months else None
        return await repo.month(*jalali_month(text))


def _shown(month: str, locale: str) -> str:
    """The month as typed, in the digits of the message's language."""
    from bot.persian.normalize import normalize_text, to_persian_digits

    text = normalize_text(month).strip()
    return to_persian_digits(text) if locale == "fa" else text


def jalali_month(text: str) -> tuple[int, int]:
    """`1404/08` (any digits, `/` or `-`) -> (1404, 8); ConfigError when it is not a month."""
    from bot.persian.normalize import normalize_text

    year, _, month = normalize_text(text).strip().replace("-", "/").partition("/")
    if not (year.isdigit() and month.isdigit() and len(year) == 4 and 1 <= int(month) <= 12):
        raise ConfigError(key="cli-month-invalid", month=text)
    return int(year), int(month)
