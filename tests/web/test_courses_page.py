"""The course catalogue page: the table, adding and editing with the chat dialog's rules (a wrong
value is shown beside its field and nothing is saved), capacity, closing and reopening, each
change in the audit log."""

from __future__ import annotations

import re

from sqlalchemy import select

from storage.members import MembersRepo
from storage.schema.ledger import deliveries
from tests.services.admin_support import audit_actions
from tests.services.test_course_admin import RAW

FORM = {**RAW, "sessions": "Saturday 09:00-12:00", "total_hours": "48", "capacity": "2"}


async def add_course(console, staff, **changes):
    return await console.services.admin.courses.create(staff, {**RAW, **changes})


async def test_the_table_and_a_course_page_in_persian(console):
    staff = await console.person("staff")
    course = await add_course(console, staff)
    await console.sign_in(staff)
    html = await (await console.client.get("/courses")).text()
    assert "حسابداری ۱" in html and f'href="/courses/{course.id}"' in html
    # Jalali dates in Persian digits (a bare "1404" may turn up inside a random form token)
    assert "۱۴۰۴" in html and not re.search(r"1404/\d\d/\d\d", html)
    page = await console.client.get(f"/courses/{course.id}")
    assert page.status == 200
    html = await page.text()
    assert 'dir="rtl"' in html and "صندلی‌ها: ۰ گرفته‌شده از ۲" in html


async def test_adding_checks_every_field_like_the_chat_and_saves_nothing_when_wrong(console_any):
    console = console_any
    staff = await console.person("staff")
    csrf = await console.sign_in(staff)
    wrong = {**FORM, "start": "1404/13/40", "capacity": "صفر", "csrf": csrf}
    response = await console.client.post("/courses/new", data=wrong, allow_redirects=False)
    assert response.status == 400
    html = await response.text()
    assert 'data-problem="start"' in html and 'data-problem="capacity"' in html
    assert "۱۴۰۴/۱۳/۴۰" in html  # what was typed stays in the form (in the reader's digits)
    assert await console.services.admin.courses.courses(include_past=True) == []
    assert not [a for a in await audit_actions(console.db) if a[0].startswith("course.")]

    past = {**FORM, "start": "1404/01/10", "end": "1404/02/10", "deadline": "1404/01/01"}
    response = await console.client.post(
        "/courses/new", data={**past, "csrf": csrf}, allow_redirects=False
    )
    assert response.status == 400 and 'data-problem="start"' in await response.text()

    response = await console.client.post(
        "/courses/new", data={**FORM, "csrf": csrf}, allow_redirects=False
    )
    assert response.status == 303
    (course,) = await console.services.admin.courses.courses()
    assert response.headers["Location"] == f"/courses/{course.id}?note=added"
    assert course.title_fa == "حسابداری ۱" and course.capacity == 2
    assert ("course.add", staff.id, "course", course.id) in await audit_actions(console.db)


async def test_editing_a_wrong_date_shows_the_problem_and_changes_nothing(console_any):
    console = console_any
    staff = await console.person("staff")
    course = await add_course(console, staff)
    csrf = await console.sign_in(staff)
    page = await console.client.get(f"/courses/{course.id}")
    assert 'value="۱۴۰۴/۱۰/۳۰"' in await page.text()  # Persian digits in Persian
    form = {**FORM, "end": "1404/09/01", "csrf": csrf}  # ends before it starts
    response = await console.client.post(f"/courses/{course.id}/edit", data=form)
    assert response.status == 400
    assert 'data-problem="course"' in await response.text()
    unchanged = await console.services.admin.courses.overview(course.id)
    assert unchanged.course.end_date == course.end_date
    assert not [a for a in await audit_actions(console.db) if a[0] == "course.edit"]

    form = {**FORM, "title_en": "Accounting for cooperatives", "csrf": csrf}
    response = await console.client.post(
        f"/courses/{course.id}/edit", data=form, allow_redirects=False
    )
    assert response.headers["Location"] == f"/courses/{course.id}?note=changed"
    changed = await console.services.admin.courses.overview(course.id)
    assert changed.course.title_en == "Accounting for cooperatives"
    assert ("course.edit", staff.id, "course", course.id) in await audit_actions(console.db)


async def test_capacity_close_and_reopen(console):
    staff = await console.person("staff")
    course = await add_course(console, staff)
    csrf = await console.sign_in(staff)
    bad = await console.client.post(
        f"/courses/{course.id}/capacity", data={"capacity": "-3", "csrf": csrf}
    )
    assert bad.status == 400 and 'data-problem="capacity"' in await bad.text()
    ok = await console.client.post(
        f"/courses/{course.id}/capacity", data={"capacity": "۱۵", "csrf": csrf},
        allow_redirects=False,
    )
    assert ok.status == 303
    assert (await console.services.admin.courses.overview(course.id)).course.capacity == 15
    closed = await console.client.post(f"/courses/{course.id}/close", data={"csrf": csrf})
    assert closed.status == 200 and "بسته شد" in await closed.text()
    assert (await console.services.admin.courses.overview(course.id)).course.status == "closed"
    await console.client.post(f"/courses/{course.id}/reopen", data={"csrf": csrf})
    assert (await console.services.admin.courses.overview(course.id)).course.status == "open"
    actions = [a[0] for a in await audit_actions(console.db)]
    assert {"course.capacity", "course.close", "course.reopen"} <= set(actions)


async def test_unknown_and_malformed_course_ids_are_not_found(console):
    staff = await console.person("staff")
    await console.sign_in(staff)
    for path in ("/courses/999", "/courses/abc", "/courses/1" + "0" * 30):
        assert (await console.client.get(path)).status == 404


async def test_cancelling_a_course_asks_a_reason_tells_the_people_and_is_audited(desk, needs):
    console = desk
    staff = await console.person("staff")
    course = await add_course(console, staff, capacity=5)
    people = [await console.person() for _ in range(2)]
    for n, member in enumerate(people):
        needs.submit(member.id, 10 - n)
        await console.services.registration.register(member.id, course.id)
    csrf = await console.sign_in(staff)
    page = await (await console.client.get(f"/courses/{course.id}")).text()
    assert f'action="/courses/{course.id}/cancel"' in page
    assert "۲ ثبت‌نام فعال لغو می‌شود" in page  # the chat's question, with the count

    for reason in ("", "  ", "ab", "ا" * 501):
        refused = await console.client.post(
            f"/courses/{course.id}/cancel", data={"csrf": csrf, "reason": reason}
        )
        assert refused.status == 400 and 'data-problem="reason"' in await refused.text()
    forged = await console.client.post(
        f"/courses/{course.id}/cancel", data={"csrf": "0" * 64, "reason": "مربی نداریم"}
    )
    assert forged.status == 403
    assert (await console.services.admin.courses.overview(course.id)).course.status == "open"

    done = await console.client.post(
        f"/courses/{course.id}/cancel",
        data={"csrf": csrf, "reason": "مربی نداریم"},
        allow_redirects=False,
    )
    assert done.headers["Location"] == f"/courses/{course.id}?note=cancelled_now&n=2"
    html = await (await console.client.get(done.headers["Location"])).text()
    assert "دوره لغو شد؛ ۲ ثبت‌نام لغو و به افراد خبر داده شد." in html
    assert 'action="/courses/' + str(course.id) + '/cancel"' not in html  # nothing left to do
    assert (await console.services.admin.courses.overview(course.id)).course.status == "cancelled"
    async with console.db.read() as conn:
        rows = (await conn.execute(select(deliveries))).all()
    told = {r.member_id for r in rows if r.payload["text"]["key"].endswith("course-cancelled")}
    assert told == {p.id for p in people}  # through the ledger, as from the chat
    audit = [a for a in await audit_actions(console.db) if a[0] == "course_cancelled"]
    assert audit == [("course_cancelled", staff.id, "course", course.id)]

    again = await console.client.post(
        f"/courses/{course.id}/cancel",
        data={"csrf": csrf, "reason": "مربی نداریم"},
        allow_redirects=False,
    )
    assert again.headers["Location"] == f"/courses/{course.id}?note=cancelled"
    assert len([a for a in await audit_actions(console.db) if a[0] == "course_cancelled"]) == 1


async def test_a_member_cannot_cancel_a_course(desk):
    console = desk
    staff = await console.person("staff")
    course = await add_course(console, staff)
    csrf = await console.sign_in(staff)
    async with console.db.write() as conn:
        await MembersRepo(conn).set_role(staff.id, "member")
    refused = await console.client.post(
        f"/courses/{course.id}/cancel", data={"csrf": csrf, "reason": "مربی نداریم"}
    )
    assert refused.status == 403
    assert (await console.services.admin.courses.overview(course.id)).course.status == "open"
