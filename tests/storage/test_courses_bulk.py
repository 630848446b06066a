"""Courses and audit entries in bulk (the course import): refs asked in chunks, inserts and
updates in bulk statements, the same rows as one `upsert` at a time, on both engines."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from storage.audit import AuditRepo
from storage.courses import REFS_PER_QUERY, CoursesRepo
from storage.schema.courses import course_audit
from tests.services.courses_support import course_data


async def test_upsert_many_is_upsert_in_bulk(db, clock):
    now = clock.now()
    later = now + timedelta(hours=1)
    refs = [f"r{n}" for n in range(REFS_PER_QUERY + 5)]  # more refs than one IN (...) holds
    async with db.write() as conn:
        repo = CoursesRepo(conn)
        cancelled = await repo.add(course_data("r3"), now, status="cancelled")
        existing = await repo.by_refs([*refs, "absent"])
        assert list(existing) == ["r3"]
        items = [course_data(ref, capacity=7 if ref == "r3" else 20) for ref in refs]
        ids = await repo.upsert_many(items, existing, later)
        assert set(ids) == set(refs) and ids["r3"] == cancelled.id
        assert len(set(ids.values())) == len(refs)
        assert [ids[ref] for ref in refs if ref != "r3"] == sorted(
            ids[ref] for ref in refs if ref != "r3"
        )  # inserted in the items' order
        assert await repo.ids_by_ref(refs[:2]) == {"r0": ids["r0"], "r1": ids["r1"]}
        with pytest.raises(ValueError):
            await repo.upsert_many([course_data(None)], {}, later)
    async with db.read() as conn:
        saved = await CoursesRepo(conn).by_refs(refs)
    assert len(saved) == len(refs) == await _count(db)
    assert saved["r3"].status == "cancelled" and saved["r3"].capacity == 7  # updated, not reopened
    assert saved["r3"].created_at == now and saved["r3"].updated_at == later
    one = saved[refs[-1]]
    assert (one.status, one.capacity, one.created_at, one.updated_at) == ("open", 20, later, later)
    assert one.model_dump(exclude={"id", "status", "created_at", "updated_at"}) == (
        course_data(refs[-1], capacity=20).model_dump()
    )


async def test_audit_add_many_keeps_order_and_values(db, clock):
    now = clock.now()
    entries = [
        {"subject_id": 5, "reason": "row 2", "after": {"title_fa": "الف"}},
        {"subject_id": 6, "reason": "row 3", "before": {"capacity": 1}, "after": {"capacity": 2}},
    ]
    async with db.write() as conn:
        await AuditRepo(conn).add_many(
            at=now, actor_id=None, action="course.import", subject="course", entries=entries
        )
        await AuditRepo(conn).add_many(at=now, actor_id=None, action="x", subject="y", entries=[])
        single = await AuditRepo(conn).add(
            at=now,
            actor_id=None,
            action="course.import",
            subject="course",
            subject_id=5,
            reason="row 2",
            after={"title_fa": "الف"},
        )
    async with db.read() as conn:
        rows = (await conn.execute(select(course_audit).order_by(course_audit.c.id))).all()
    assert [(r.subject_id, r.reason, r.before, r.after) for r in rows] == [
        (5, "row 2", None, {"title_fa": "الف"}),
        (6, "row 3", {"capacity": 1}, {"capacity": 2}),
        (5, "row 2", None, {"title_fa": "الف"}),
    ]
    assert rows[2].id == single and {r.action for r in rows} == {"course.import"}


async def _count(db) -> int:
    async with db.read() as conn:
        return await CoursesRepo(conn).count()
