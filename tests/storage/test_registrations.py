"""RegistrationsRepo on both engines: reading many by id, the statuses."""

from __future__ import annotations

from typing import get_args

import storage.registrations as registrations_module
from storage.registrations import STATUSES, RegistrationsRepo, RegistrationStatus
from tests.services.courses_support import add_course, add_members


def test_statuses_are_the_literal_in_order():
    assert STATUSES == get_args(RegistrationStatus)
    assert STATUSES[0] == "requested" and STATUSES[-1] == "completed" and len(STATUSES) == 9


async def test_get_many_asks_in_chunks(db, clock, monkeypatch):
    monkeypatch.setattr(registrations_module, "IN_CHUNK", 2)
    course = await add_course(db, clock.now())
    members = await add_members(db, clock.now(), 5)
    async with db.write() as conn:
        repo = RegistrationsRepo(conn)
        made = [
            await repo.create(
                course_id=course.id,
                member_id=member,
                status="requested",
                need_score=1.0,
                cooperative_id=None,
                assessment_id=None,
                now=clock.now(),
            )
            for member in members
        ]
    async with db.read() as conn:
        repo = RegistrationsRepo(conn)
        found = await repo.get_many(r.id for r in made)
        assert found == {r.id: r for r in made}
        assert await repo.get_many([]) == {}
        assert list(await repo.get_many([made[3].id, 10_000])) == [made[3].id]
