"""An update's first write records it; a second run of the same update writes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from storage import claims
from storage.group_commit import GroupCommit
from storage.schema.updates import handled_updates
from tests.conftest import make_db


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
async def db(request, tmp_path):
    database = await make_db(request.param, tmp_path)
    try:
        yield database
    finally:
        await database.dispose()


async def count(db, table=handled_updates) -> int:
    async with db.read() as conn:
        return (await conn.execute(select(func.count()).select_from(table))).scalar_one()


async def mark(db, value: str) -> None:
    """A business write of the update: a row in a table of its own."""
    async with db.write() as conn:
        await conn.exec_driver_sql(f"INSERT INTO probe (v) VALUES ('{value}')")


async def probes(db) -> list[str]:
    async with db.read() as conn:
        return [r[0] for r in await conn.exec_driver_sql("SELECT v FROM probe ORDER BY v")]


@pytest.fixture
async def probe_db(db):
    async with db.write() as conn:
        await conn.exec_driver_sql("CREATE TABLE probe (v VARCHAR(20))")
    return db


async def test_a_second_run_stops_at_its_first_write(probe_db):
    db = probe_db
    with claims.handling("telegram", 7):
        await mark(db, "first")
        await mark(db, "second")  # later writes of the same run: not checked again
    assert await count(db) == 1
    with claims.handling("telegram", 7), pytest.raises(claims.UpdateAlreadyHandled):
        await mark(db, "first")
    assert await probes(db) == ["first", "second"]
    # the same id on another messenger is another update
    with claims.handling("bale", 7):
        await mark(db, "bale")
    assert await count(db) == 2


async def test_a_first_write_that_fails_leaves_the_update_unclaimed(probe_db):
    db = probe_db
    with claims.handling("telegram", 8), pytest.raises(RuntimeError):
        async with db.write() as conn:
            await conn.exec_driver_sql("INSERT INTO probe (v) VALUES ('lost')")
            raise RuntimeError("the handler failed")
    assert await count(db) == 0
    with claims.handling("telegram", 8):  # the retry applies it
        await mark(db, "applied")
    assert await probes(db) == ["applied"]


async def test_writes_outside_an_update_and_group_commits_are_not_claims(probe_db):
    db = probe_db
    await mark(db, "job")
    writes = GroupCommit(db)

    async def visit(conn):
        await conn.exec_driver_sql("INSERT INTO probe (v) VALUES ('visit')")

    with claims.handling("telegram", 9):
        await writes.run(visit)  # gathered with other updates' items: not this update's
    assert await count(db) == 0
    with claims.handling("telegram", 9):
        await mark(db, "own")
    assert await count(db) == 1
