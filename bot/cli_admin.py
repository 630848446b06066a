"""Office PC commands (wired into `coopbot` by bot/__main__.py):

    coopbot backup [--to PATH]               a consistent copy of the SQLite database, taken
                                             while the bot runs (sqlite3's online backup API)
    coopbot import-courses FILE [--check]    the XLSX course template, all rows or none
    coopbot export month [1404/08] [--out F] the monthly nominee list (XLSX)
    coopbot export courses [--out F]         the course catalogue in the template's form
    coopbot export audit [--out F]           the log of staff and admin actions

Each writes an audit entry (actor: the office PC). Messages are in DEFAULT_LOCALE (`--lang`).
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
from pathlib import Path
from typing import Any

from bot.config import Settings

COMMANDS = frozenset({"backup", "import-courses", "export"})
EXPORTS = ("month", "courses", "audit")


def add_parsers(sub: Any) -> None:
    backup = sub.add_parser("backup", help="copy the SQLite database safely while the bot runs")
    backup.add_argument("--to", type=Path, default=None, help="file or folder for the copy")
    imports = sub.add_parser("import-courses", help="load courses from the XLSX template")
    imports.add_argument("file", type=Path)
    imports.add_argument("--check", action="store_true", help="only check the rows")
    imports.add_argument("--lang", choices=("fa", "en"), default=None)
    export = sub.add_parser("export", help="export the monthly list, the courses or the audit log")
    export.add_argument("what", choices=EXPORTS)
    export.add_argument("month", nargs="?", default=None, help="for `month`: 1404/08")
    export.add_argument("--out", type=Path, default=None)
    export.add_argument("--lang", choices=("fa", "en"), default=None)


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
    from bot.clock import SystemClock
    from bot.i18n import Translator
    from bot.services.container import Services
    from storage.engine import create_database

    return Services(
        settings=settings,
        db=create_database(settings.database_url),
        clock=SystemClock(),
        translator=Translator(default=settings.default_locale),
    )


def _stamp(services) -> str:
    from bot.persian.jalali import tehran_now

    return tehran_now(services.clock.now()).strftime("%Y%m%d-%H%M%S")


async def run(args: argparse.Namespace, settings: Settings) -> int:
    from storage.migrate import upgrade

    services = _services(settings)
    try:
        await upgrade(services.db)
        if args.command == "backup":
            return await _backup(services, args.to)
        locale = getattr(args, "lang", None) or settings.default_locale

        def t(key: str, **kw: Any) -> str:
            text: str = services.translator(locale, key, **kw)
            return text

        if args.command == "import-courses":
            return await _import(services, args.file, args.check, t, locale)
        return await _export(services, args.what, args.month, args.out, t, locale)
    finally:
        await services.db.dispose()


def _read(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() else None


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


async def _backup(services, to: Path | None) -> int:
    source = sqlite_path(services.settings.database_url)
    if source is None:
        print("coopbot backup copies SQLite databases; for PostgreSQL use pg_dump.")
        return 2
    if not source.exists():
        print(f"There is no database at {source}.")
        return 2
    name = f"coopbot-{_stamp(services)}.sqlite3"
    target = to or source.parent / "backups"
    if target.is_dir() or target.suffix == "":
        target = target / name
    size = await asyncio.to_thread(backup_sqlite, source, target)
    await services.admin.audit.record(
        None, "backup", "database", after={"file": target.name, "bytes": size}
    )
    print(f"Backup written to {target} ({size:,} bytes).")
    return 0


async def _import(services, file: Path, check: bool, t, locale: str) -> int:
    from bot.course_texts import import_report

    data = await asyncio.to_thread(_read, file)
    if data is None:
        print(f"{file} does not exist.")
        return 2
    separator = "; " if locale == "en" else "؛ "
    imports = services.admin.imports
    if check:
        report, items = await imports.check(data)
        print(import_report(t, report, separator) if not report.ok else f"{len(items)} ok")
        return 0 if report.ok else 1
    report = await imports.import_xlsx(None, data)
    print(import_report(t, report, separator))
    return 0 if report.imported else 1


async def _export(services, what: str, month: str | None, out: Path | None, t, locale) -> int:
    stamp = _stamp(services)
    if what == "courses":
        _name, data = await services.admin.imports.export(None, t, rtl=locale == "fa")
        target = out or Path(f"coopbot-courses-{stamp}.xlsx")
    elif what == "audit":
        data = await services.admin.audit.export_xlsx(locale=locale, translate=t)
        await services.admin.audit.record(None, "audit.export", "audit")
        target = out or Path(f"coopbot-audit-{stamp}.xlsx")
    else:
        found = await _month(services, month)
        if found is None:
            print("No monthly list was found" + (f" for {month}." if month else "."))
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
    await asyncio.to_thread(_write, target, data)
    print(f"Written {target} ({len(data):,} bytes).")
    return 0


async def _month(services, text: str | None):
    """The month named `1404/08` (or the latest frozen one)."""
    from bot.persian.normalize import normalize_text
    from storage.nominations import NominationsRepo

    async with services.db.read() as conn:
        repo = NominationsRepo(conn)
        if not text:
            months = await repo.months(limit=1)
            return months[0] if months else None
        year, _, month = normalize_text(text).replace("-", "/").partition("/")
        if not (year.isdigit() and month.isdigit()):
            return None
        return await repo.month(int(year), int(month))
