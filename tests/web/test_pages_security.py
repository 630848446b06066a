"""Every page and form of the course, broadcast, statistics, audit and staff pages, tried by a
signed-out visitor, a member (a staff member whose role was taken away), staff on an admin page,
a forged CSRF token and a stolen cookie whose session expired: refused, and nothing in the
database changes (courses, broadcasts, the ledger, roles, invitations, the audit log)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from storage.members import MembersRepo
from storage.schema.admin import staff_invitations
from storage.schema.broadcasts import broadcasts
from storage.schema.courses import course_audit, courses
from storage.schema.ledger import deliveries
from storage.schema.members import members
from tests.services.test_course_admin import RAW
from tests.web.conftest import CSRF

TABLES = (courses, broadcasts, deliveries, staff_invitations, course_audit, members)


async def snapshot(db) -> list:
    async with db.read() as conn:
        return [
            [tuple(row) for row in await conn.execute(select(t).order_by(*t.primary_key))]
            for t in TABLES
        ]


async def office(console):
    """An admin, a course, a draft broadcast and an open invitation to aim the forms at."""
    admin = await console.person("admin")
    target = await console.person("member")
    course = await console.services.admin.courses.create(admin, RAW)
    b = await console.services.broadcast.create(
        admin.id, platform="telegram", kind="text", body="سلام"
    )
    invitation = await console.services.admin.roles.invite(admin, "staff")
    return admin, target, course, b, invitation.invitation


def forms(course, b, invitation, target) -> list[tuple[str, str, dict]]:
    c, i = course.id, invitation.id
    changes = {**RAW, "sessions": "Saturday 09:00-12:00", "title_en": "Changed"}
    return [
        ("POST", "/courses/new", {**changes}),
        ("POST", f"/courses/{c}/edit", changes),
        ("POST", f"/courses/{c}/capacity", {"capacity": "30"}),
        ("POST", f"/courses/{c}/close", {}),
        ("POST", f"/courses/{c}/reopen", {}),
        ("POST", "/broadcasts/new", {"body": "پیام"}),
        ("POST", f"/broadcasts/{b.id}/send", {}),
        ("POST", f"/broadcasts/{b.id}/schedule", {"when": "1404/09/01 10:00"}),
        ("POST", f"/broadcasts/{b.id}/cancel", {}),
        ("POST", f"/broadcasts/{b.id}/stop", {}),
        ("POST", "/audit/export", {}),
        ("POST", "/staff/invite", {"role": "admin"}),
        ("POST", f"/staff/invitations/{i}/revoke", {}),
        ("POST", "/staff/role", {"user_id": str(target.user_id), "role": "admin"}),
    ]


def pages(course, b) -> list[str]:
    return [
        "/courses",
        "/courses/new",
        f"/courses/{course.id}",
        "/broadcasts",
        "/broadcasts/new",
        "/broadcasts/audience",
        f"/broadcasts/{b.id}",
        f"/broadcasts/{b.id}/progress",
        f"/broadcasts/{b.id}/report.csv",
        "/stats",
        "/stats/chart/daily.png",
        "/audit",
        "/staff",
    ]


async def attempt(client, method, path, data, csrf=None):
    if method == "GET":
        return await client.get(path, allow_redirects=False)
    body = dict(data)
    if csrf is not None:
        body["csrf"] = csrf
    return await client.post(path, data=body, allow_redirects=False)


async def test_signed_out_visitors_are_refused_everywhere(console):
    _, target, course, b, invitation = await office(console)
    before = await snapshot(console.db)
    for path in pages(course, b):
        response = await console.client.get(path, allow_redirects=False)
        assert response.status == 401, path
    for method, path, data in forms(course, b, invitation, target):
        response = await attempt(console.client, method, path, data, csrf="0" * 64)
        assert response.status in (401, 403), path
    assert await snapshot(console.db) == before


async def test_a_member_is_refused_everywhere(console):
    _, target, course, b, invitation = await office(console)
    staff = await console.person("staff")
    csrf = await console.sign_in(staff)
    async with console.db.write() as conn:  # the role is taken away in the chat meanwhile
        await MembersRepo(conn).set_role(staff.id, "member")
    before = await snapshot(console.db)
    for path in pages(course, b):
        assert (await console.client.get(path, allow_redirects=False)).status == 403, path
    for method, path, data in forms(course, b, invitation, target):
        response = await attempt(console.client, method, path, data, csrf=csrf)
        assert response.status == 403, path
    assert await snapshot(console.db) == before


async def test_staff_cannot_use_the_admin_pages(console):
    _, target, course, b, invitation = await office(console)
    staff = await console.person("staff")
    csrf = await console.sign_in(staff)
    before = await snapshot(console.db)
    assert (await console.client.get("/staff")).status == 403
    for method, path, data in forms(course, b, invitation, target):
        if path.startswith("/staff"):
            response = await attempt(console.client, method, path, data, csrf=csrf)
            assert response.status == 403, path
    assert await snapshot(console.db) == before
    html = await (await console.client.get("/")).text()
    assert 'href="/staff"' not in html  # not in the menu either


@pytest.mark.parametrize("forged", ["", "0" * 64, "not-a-token"])
async def test_a_forged_csrf_token_changes_nothing(console, forged):
    admin, target, course, b, invitation = await office(console)
    await console.sign_in(admin)
    before = await snapshot(console.db)
    for method, path, data in forms(course, b, invitation, target):
        response = await attempt(console.client, method, path, data, csrf=forged)
        assert response.status == 403, path
    assert await snapshot(console.db) == before


async def test_another_sessions_csrf_token_changes_nothing(console):
    admin, target, course, b, invitation = await office(console)
    other_admin = await console.person("admin")
    await console.sign_in(admin)
    other = await console.new_client()
    path = (await console.link(other_admin)).rsplit("/", 1)[1]
    await other.post("/signin", data={"token": path})
    theirs = CSRF.search(await (await other.get("/")).text()).group(1)
    before = await snapshot(console.db)
    for method, path, data in forms(course, b, invitation, target):
        response = await attempt(console.client, method, path, data, csrf=theirs)
        assert response.status == 403, path
    assert await snapshot(console.db) == before


async def test_a_stolen_cookie_of_an_expired_session_opens_nothing(console):
    admin, target, course, b, invitation = await office(console)
    csrf = await console.sign_in(admin)
    stolen = console.client.session.cookie_jar.filter_cookies(console.client.make_url("/"))
    thief = await console.new_client()
    thief.session.cookie_jar.update_cookies(
        {k: v.value for k, v in stolen.items()}, console.client.make_url("/")
    )
    assert (await thief.get("/courses")).status == 200  # the cookie works while fresh
    console.clock.advance(timedelta(hours=console.services.settings.web_session_hours, seconds=1))
    before = await snapshot(console.db)
    for path in pages(course, b):
        assert (await thief.get(path, allow_redirects=False)).status == 401, path
    for method, path, data in forms(course, b, invitation, target):
        response = await attempt(thief, method, path, data, csrf=csrf)
        assert response.status in (401, 403), path
    assert await snapshot(console.db) == before
