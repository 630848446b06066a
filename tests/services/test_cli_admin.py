"""The office PC commands: `coopbot backup`, `coopbot import-courses FILE`,
`coopbot export month|courses|audit`, run as `main([...])` on a real SQLite file."""

from __future__ import annotations

import asyncio
import io
import logging
import sqlite3
from datetime import UTC, datetime

import pytest
from openpyxl import Workbook, load_workbook

from bot.__main__ import main
from bot.cli.admin import backup_sqlite
from bot.services.catalogue import FIELDS

COURSE = {
    "ref": "acc-1",
    "standard_code": "0012345678",
    "title_fa": "حسابداری مقدماتی",
    "title_en": "Basic accounting",
    "topic": "accounting",
    "provider_kind": "tvto_centre",
    "provider_name": "مرکز شماره ۱",
    "province": "تهران",
    "county": "تهران",
    "delivery_mode": "in_person",
    "start": "1410/10/01",
    "end": "1410/11/30",
    "sessions": "شنبه 09:00-12:00",
    "total_hours": 48,
    "capacity": 20,
    "deadline": "1410/09/25",
}


def spreadsheet(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(list(FIELDS))
    for row in rows:
        sheet.append([row.get(h, "") for h in FIELDS])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def office(tmp_path, monkeypatch):
    """A working folder with its own database; the root logger restored afterwards."""
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "data" / "coopbot.sqlite3"
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{db}")
    monkeypatch.setenv("DEFAULT_LOCALE", "en")
    for name in ("TELEGRAM_TOKEN", "BALE_TOKEN", "ADMINS"):
        monkeypatch.delenv(name, raising=False)
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield tmp_path, db
    root.handlers[:] = handlers
    root.setLevel(level)


def count(db, table: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_import_backup_and_exports(office, capsys):
    folder, db = office
    assert main(["migrate"]) == 0
    bad = folder / "bad.xlsx"
    bad.write_bytes(spreadsheet([COURSE, {**COURSE, "ref": "x", "capacity": "many"}]))
    assert main(["import-courses", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "No course was loaded: one row of 2 is wrong." in out
    assert 'Row 3 (key x): Capacity: Please type a whole number for "Capacity".' in out
    assert count(db, "courses") == 0

    good = folder / "courses.xlsx"
    good.write_bytes(spreadsheet([COURSE, {**COURSE, "ref": "acc-2", "title_en": "Second"}]))
    assert main(["import-courses", str(good), "--check"]) == 0
    assert count(db, "courses") == 0
    assert main(["import-courses", str(good)]) == 0
    assert "Done: 2 new courses added, 0 updated." in capsys.readouterr().out
    assert count(db, "courses") == 2

    # the copy is consistent while another connection is in the middle of a write
    writer = sqlite3.connect(db, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute(
        "INSERT INTO members (platform, user_id, role, is_blocked, first_seen, last_seen) "
        "VALUES ('telegram', 77, 'member', 0, '2025-11-16 06:00:00', '2025-11-16 06:00:00')"
    )
    snapshot = folder / "snapshot.sqlite3"
    backup_sqlite(db, snapshot)
    writer.execute("COMMIT")
    writer.close()
    assert count(snapshot, "members") == 0 and count(db, "members") == 1

    copy = folder / "backups" / "copy.sqlite3"
    assert main(["backup", "--to", str(copy)]) == 0
    assert f"Backup written to {copy}" in capsys.readouterr().out
    with sqlite3.connect(copy) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM courses").fetchone()[0] == 2
        assert conn.execute("SELECT count(*) FROM members").fetchone()[0] == 1
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert main(["backup"]) == 0  # default: data/backups/coopbot-<Tehran time>.sqlite3
    assert len(list((db.parent / "backups").glob("coopbot-*.sqlite3"))) == 1

    assert main(["export", "courses", "--out", "out/courses.xlsx"]) == 0
    sheet = load_workbook(folder / "out" / "courses.xlsx").worksheets[0]
    assert sheet.cell(2, 1).value == "acc-1" and sheet.cell(3, 4).value == "Second"

    assert main(["export", "month"]) == 1
    assert "No monthly list was found." in capsys.readouterr().out
    asyncio.run(freeze_a_month(db))
    assert main(["export", "month", "1404/08", "--out", "month.xlsx"]) == 0
    month = load_workbook(folder / "month.xlsx").worksheets[0]
    assert month.cell(1, 4).value == "کد ملی"

    assert main(["export", "audit", "--out", "audit.xlsx"]) == 0
    log = load_workbook(folder / "audit.xlsx").worksheets[0]
    actions = [row[4] for row in log.iter_rows(min_row=2, values_only=True)]
    assert actions == [
        "course loaded from a file",
        "course loaded from a file",
        "database backed up",
        "database backed up",
        "course catalogue exported",
        "monthly list exported",
    ]
    assert {row[3] for row in log.iter_rows(min_row=2, values_only=True)} == {
        "the bot or the office PC"
    }


async def freeze_a_month(db) -> None:
    from storage.engine import create_database
    from storage.nominations import NominationsRepo

    database = create_database(f"sqlite+aiosqlite:///{db}")
    now = datetime(2025, 11, 17, tzinfo=UTC)
    async with database.write() as conn:
        await NominationsRepo(conn).create_month(
            year=1404, month=8, cutoff_at=now, frozen_at=now, frozen_by=None, coop_cap=3
        )
    await database.dispose()


def test_backup_refuses_postgresql(office, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", "postgresql+asyncpg://nobody@127.0.0.1:1/none")
    from bot.cli.admin import sqlite_path

    assert sqlite_path("postgresql+asyncpg://x@y/z") is None
    assert sqlite_path("sqlite+aiosqlite:///data/x.sqlite3").name == "x.sqlite3"
