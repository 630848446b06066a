"""A course import at the file limit (2,000 rows), written in bulk: exactly the rows of the file
on both engines, updates and additions together, and all or nothing when one row anywhere is
wrong (a row problem found alone, or one only the database knows: seats already taken)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.persian.normalize import to_persian_digits
from bot.services.course_import import MAX_ROWS
from storage.courses import CoursesRepo
from storage.registrations import RegistrationsRepo
from storage.schema.courses import course_audit, courses
from tests.services.admin_support import audit_actions, make_services, person
from tests.services.test_course_import import GOOD, xlsx


def row(number: int, **changes) -> dict:
    return {
        **GOOD,
        "ref": f"bulk-{number:04d}",
        "standard_code": f"00{number:08d}",
        "title_fa": f"دوره {number}",  # kept with Persian digits
        "title_en": f"Course {number}",
        "capacity": 10 + number % 50,
        **changes,
    }


async def stored(db) -> dict[str, tuple]:
    async with db.read() as conn:
        found = await conn.execute(
            select(
                courses.c.ref,
                courses.c.standard_code,
                courses.c.title_fa,
                courses.c.title_en,
                courses.c.capacity,
                courses.c.status,
            )
        )
        return {r.ref: tuple(r)[1:] for r in found.all()}


async def test_two_thousand_rows_are_exactly_the_file(db, clock):
    assert MAX_ROWS == 2000
    imports = make_services(db, clock).admin.imports
    staff = await person(db, clock, 7001, "staff")
    first = [row(n) for n in range(MAX_ROWS - 1)] + [{**row(9999), "ref": ""}]
    report = await imports.import_xlsx(staff, xlsx(first))
    assert report.imported and (report.added, report.updated) == (MAX_ROWS, 0)
    saved = await stored(db)
    assert len(saved) == MAX_ROWS
    for n in range(MAX_ROWS - 1):
        assert saved[f"bulk-{n:04d}"] == (
            f"00{n:08d}",
            f"دوره {to_persian_digits(str(n))}",
            f"Course {n}",
            10 + n % 50,
            "open",
        )
    generated = [ref for ref in saved if not ref.startswith("bulk-")]
    assert len(generated) == 1 and generated[0].startswith("chat-")
    assert saved[generated[0]][2] == "Course 9999"
    audit = await audit_actions(db)
    assert len(audit) == MAX_ROWS and {a[:3] for a in audit} == {
        ("course.import", staff.id, "course")
    }
    async with db.read() as conn:
        ids = {c.ref: c.id for c in (await CoursesRepo(conn).by_refs(saved)).values()}
        reasons = await conn.execute(select(course_audit.c.subject_id, course_audit.c.reason))
        by_course = dict(reasons.all())
    assert by_course[ids["bulk-0000"]] == "row 2" and by_course[ids["bulk-1998"]] == "row 2000"

    # Again, half of it changed and 1,000 rows new: updates and inserts in one import.
    second = [row(n, title_en=f"Course {n} (2)") for n in range(0, MAX_ROWS, 2)]
    second += [row(n) for n in range(MAX_ROWS, MAX_ROWS + 1000)]
    report = await imports.import_xlsx(staff, xlsx(second))
    assert report.imported and (report.added, report.updated) == (1000, 1000)
    after = await stored(db)
    assert len(after) == MAX_ROWS + 1000
    assert after["bulk-0002"][2] == "Course 2 (2)" and after["bulk-0003"][2] == "Course 3"
    assert after["bulk-2999"] == ("0000002999", "دوره ۲۹۹۹", "Course 2999", 10 + 2999 % 50, "open")
    assert len(await audit_actions(db)) == MAX_ROWS + 2000  # 1,000 changed, 1,000 new

    # The same file once more changes nothing and writes no audit entry.
    report = await imports.import_xlsx(staff, xlsx(second))
    assert report.imported and report.updated == 2000
    assert await stored(db) == after and len(await audit_actions(db)) == MAX_ROWS + 2000


@pytest.mark.parametrize("bad_at", [0, 1234, MAX_ROWS - 1])
async def test_one_bad_row_anywhere_writes_nothing(db, clock, bad_at):
    imports = make_services(db, clock).admin.imports
    await imports.import_xlsx(None, xlsx([row(5, title_en="Before")]))
    before, audit_before = await stored(db), await audit_actions(db)
    rows = [row(n) for n in range(MAX_ROWS)]
    rows[bad_at] = row(bad_at, start="1404/13/01")
    report = await imports.import_xlsx(None, xlsx(rows))
    assert not report.imported and [r.row for r in report.invalid_rows] == [bad_at + 2]
    assert {(p.field, p.code) for p in report.invalid_rows[0].problems} == {("start", "invalid")}
    assert await stored(db) == before and await audit_actions(db) == audit_before


async def test_seats_taken_found_in_bulk_refuse_the_whole_file(db, clock):
    imports = make_services(db, clock).admin.imports
    await imports.import_xlsx(None, xlsx([row(n) for n in range(3)]))
    members = [await person(db, clock, user_id) for user_id in (7002, 7003)]
    async with db.write() as conn:
        course = await CoursesRepo(conn).get_by_ref("bulk-0002")
        for member in members:
            await RegistrationsRepo(conn).create(
                course_id=course.id,
                member_id=member.id,
                status="requested",
                need_score=0,
                cooperative_id=None,
                assessment_id=None,
                now=clock.now(),
            )
    before = await stored(db)
    rows = [row(n, capacity=1 if n == 1 else 30) for n in range(500)]
    rows[2] = row(2, capacity=1)  # below the two seats taken
    report = await imports.import_xlsx(None, xlsx(rows))
    assert not report.imported
    assert [(r.row, {p.code for p in r.problems}) for r in report.invalid_rows] == [
        (4, {"below_taken"})
    ]
    assert await stored(db) == before
