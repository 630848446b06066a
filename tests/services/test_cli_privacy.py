"""`coopbot erase MEMBER_ID...` from the office PC: shows who first, erases with --yes exactly as
/deleteme does, says which numbers are unknown or already erased."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from datetime import UTC, datetime

import pytest

from bot.__main__ import main
from bot.core.logs import FLOORS
from storage.assessments import AssessmentsRepo
from storage.engine import create_database
from storage.members import MembersRepo
from tests.services.test_cli_admin import office  # noqa: F401  (the fixture)


@pytest.fixture
def quiet_libraries():
    levels = {name: logging.getLogger(name).level for name in FLOORS}
    yield
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


async def a_member_with_a_profile(db_path) -> None:
    db = create_database(f"sqlite+aiosqlite:///{db_path}")
    now = datetime(2025, 11, 16, 6, 0, tzinfo=UTC)
    try:
        async with db.write() as conn:
            member = await MembersRepo(conn).seen(
                platform="bale",
                user_id=777,
                chat_id=777,
                first_name="Zarvanius",
                last_name=None,
                username=None,
                language_code=None,
                now=now,
            )
            await AssessmentsRepo(conn).save_profile(
                member.id, {"full_name": "زروان", "national_id": "2468135792"}, now
            )
    finally:
        await db.dispose()


def test_erase_from_the_office_pc(office, quiet_libraries, capsys):  # noqa: F811
    _folder, db = office
    assert main(["migrate"]) == 0
    asyncio.run(a_member_with_a_profile(db))
    capsys.readouterr()

    assert main(["erase", "1"]) == 0
    out = capsys.readouterr().out
    assert "#1: Bale user 777 would be erased." in out and "run again with --yes" in out
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM member_profiles").fetchone()[0] == 1

    assert main(["erase", "1", "99", "--yes"]) == 1  # 99 does not exist
    out = capsys.readouterr().out
    assert "#1: erased (0 registrations cancelled" in out and "#99: no such member." in out
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM member_profiles").fetchone()[0] == 0
        row = conn.execute("SELECT user_id, first_name FROM members WHERE id = 1").fetchone()
        audit = conn.execute(
            "SELECT actor_id, subject_id FROM course_audit WHERE action = 'privacy.erase'"
        ).fetchall()
    assert row == (-1, None)
    assert audit == [(None, 1)]  # done by the office, not by the person
    assert b"Zarvanius" not in db.read_bytes() and b"2468135792" not in db.read_bytes()

    assert main(["erase", "1", "--yes"]) == 0
    assert "#1: already erased." in capsys.readouterr().out
