"""RegistrationsRepo on both engines: reading many by id, the statuses."""

from __future__ import annotations

from typing import get_args

import storage.registrations as registrations_module
from storage.registrations import STATUSES, RegistrationsRepo, RegistrationStatus
from storage.schema.courses import registrations
from tests.services.courses_support import add_course, add_members


def test_statuses_are_the_literal_in_order():
    assert STATUSES == get_args(RegistrationStatus)
    assert STATUSES[0] == "requested" and STATUSES[-1] == "completed" and len(STATUSES) == 10


async def test_get_many_asks_in_chunks(db, clock, monkeypatch):
    monkeypatch.setattr(registrations_module, "IN_CHUNK", 2)
    now = clock.now()
    course = await add_course(db, now)
    members = await add_members(db, now, 5)
    request = {"course_id": course.id, "status": "requested", "requested_at": now, "status_at": now}
    async with db.write() as conn:
        await conn.execute(registrations.insert(), [{"member_id": m, **request} for m in members])
    async with db.read() as conn:
        repo = RegistrationsRepo(conn)
        made = await repo.of_course(course.id, STATUSES)
        assert len(made) == 5
        assert await repo.get_many(r.id for r in made) == {r.id: r for r in made}
        assert await repo.get_many([]) == {}
        assert list(await repo.get_many([made[3].id, 10_000])) == [made[3].id]
