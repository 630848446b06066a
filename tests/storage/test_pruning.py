"""The slot job "prune" (bot/background/pruning.py): handled updates older than a week go, in
batches of their own transactions; newer ones stay. SQLite and PostgreSQL (TEST_DATABASE_URL)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, insert, select

from bot.background.pruning import HANDLED_UPDATES_KEEP, prune
from storage.schema.updates import handled_updates


async def remaining(db) -> set[int]:
    async with db.read() as conn:
        rows = await conn.execute(select(handled_updates.c.update_id))
        return {r[0] for r in rows}


async def add(db, clock, ids, age: timedelta, messenger: str = "telegram") -> None:
    async with db.write() as conn:
        await conn.execute(
            insert(handled_updates),
            [
                {"messenger": messenger, "update_id": i, "handled_at": clock.now() - age}
                for i in ids
            ],
        )


async def test_updates_older_than_a_week_are_deleted_in_batches(db, clock):
    week = HANDLED_UPDATES_KEEP
    await add(db, clock, range(1, 8), week + timedelta(hours=1))  # old
    await add(db, clock, range(1, 3), week + timedelta(days=30), messenger="bale")  # old
    await add(db, clock, range(100, 104), week - timedelta(minutes=5))  # within the week
    pruned = await prune(db, clock, size=3)
    assert pruned.handled_updates == 9 and pruned.finished_jobs == 0
    assert await remaining(db) == {100, 101, 102, 103}
    assert (await prune(db, clock, size=3)).handled_updates == 0


async def test_a_slot_deletes_at_most_its_batches_and_the_next_goes_on(db, clock):
    await add(db, clock, range(10), HANDLED_UPDATES_KEEP * 2)
    assert (await prune(db, clock, size=3, batches=2)).handled_updates == 6
    assert len(await remaining(db)) == 4
    assert (await prune(db, clock, size=3, batches=2)).handled_updates == 4
    async with db.read() as conn:
        assert (await conn.execute(select(func.count()).select_from(handled_updates))).scalar() == 0
