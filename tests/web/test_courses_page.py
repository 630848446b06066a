"""The course catalogue page: the table, adding and editing with the chat dialog's rules (a wrong
value is shown beside its field and nothing is saved), capacity, closing and reopening, each
change in the audit log."""

from __future__ import annotations

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
    assert "۱۴۰۴" in html and "1404" not in html  # Jalali dates in Persian digits
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
