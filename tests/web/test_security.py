"""Every route of the console, found by itself (web/app.py `describe`), tried as a signed-out
visitor, as a member, with a stolen cookie whose session expired, and every form with a forged or
missing CSRF token: each is refused and not one row of the database changes."""

from __future__ import annotations

from datetime import timedelta

from aiohttp.test_utils import TestClient
from sqlalchemy import select

from storage.engine import Database
from storage.members import MembersRepo
from storage.schema import metadata
from tests.web.conftest import Console
from tests.web.lists import closed_list
from web.app import describe


async def snapshot(db: Database) -> dict[str, list[str]]:
    """Every row of every table, as text (what "nothing changed" means)."""
    found: dict[str, list[str]] = {}
    async with db.read() as conn:
        for table in metadata.sorted_tables:
            rows = (await conn.execute(select(table))).all()
            found[table.name] = sorted(repr(tuple(row)) for row in rows)
    return found


def guarded_routes(console: Console) -> list[tuple[str, str, str]]:
    """(method, path template, role) of every route that is not public; HEAD is GET's twin."""
    routes = [
        (r["method"], r["path"], r["role"])
        for r in describe(console.client.app)
        if r["role"] != "public" and r["method"] != "HEAD"
    ]
    assert {m for m, _, _ in routes} >= {"GET", "POST"}
    return routes


# The other pages' path parameters: what prepared() made (the list's course is the first course,
# its broadcast and invitation the first ones), a chart and a report format.
PARAMETERS = {
    "{course_id}": "1",
    "{broadcast_id}": "1",
    "{invitation_id}": "1",
    "{chart}": "daily",
    "{fmt}": "csv",
}


def concrete(path: str, month_id: int) -> str:
    path = path.replace(r"{month:\d{1,12}}", str(month_id)).replace("{month}", str(month_id))
    for name, value in PARAMETERS.items():
        path = path.replace(name, value)
    return path


async def every_route(
    console: Console, client: TestClient, month_id: int, form: dict[str, str]
) -> dict[tuple[str, str], int]:
    """The status of each guarded route, with a form that would change something if allowed."""
    out = {}
    for method, path, _role in guarded_routes(console):
        url = concrete(path, month_id)
        assert "{" not in url, f"fill in the path parameters of {path}"
        if method == "GET":
            response = await client.get(url, allow_redirects=False)
        else:
            response = await client.request(method, url, data=form, allow_redirects=False)
        out[(method, url)] = response.status
    return out


FORM = {
    "move": "3:1",
    "over_cap": "3",
    "reason": "دلیل کافی",
    "registration": "1",
    "all": "1",
    "format": "csv",
    "locale": "en",
    "back": "/",
}


async def prepared(desk: Console, needs) -> int:
    found = await closed_list(desk, needs, [(9, 1), (8, 1), (7, 1), (6, 2)])
    admin = await desk.person("admin")
    b = await desk.services.broadcast.create(admin.id, platform="telegram", kind="text", body="x")
    invitation = await desk.services.admin.roles.invite(admin, "staff")
    assert (found.course_id, b.id, invitation.invitation.id) == (1, 1, 1)  # PARAMETERS
    return found.month.id


async def test_a_signed_out_visitor_is_refused_everywhere(desk, needs):
    month = await prepared(desk, needs)
    before = await snapshot(desk.db)
    statuses = await every_route(desk, desk.client, month, FORM)
    assert set(statuses.values()) == {401}, statuses
    assert await snapshot(desk.db) == before
    page = await desk.client.get("/nominations")
    assert "/web" in await page.text()  # the page says how to sign in


async def test_a_member_is_refused_everywhere(desk, needs):
    month = await prepared(desk, needs)
    person = await desk.person("staff")
    csrf = await desk.sign_in(person)
    async with desk.db.write() as conn:
        await MembersRepo(conn).set_role(person.id, "member")  # a member with a live session
    before = await snapshot(desk.db)
    statuses = await every_route(desk, desk.client, month, {**FORM, "csrf": csrf})
    assert set(statuses.values()) == {403}, statuses
    assert await snapshot(desk.db) == before


async def test_staff_are_refused_admin_routes(desk, needs):
    month = await prepared(desk, needs)
    staff = await desk.person("staff")
    csrf = await desk.sign_in(staff)
    before = await snapshot(desk.db)
    admin_only = [r for r in guarded_routes(desk) if r[2] == "admin"]
    for method, path, _ in admin_only:
        response = await desk.client.request(
            method, concrete(path, month), data={**FORM, "csrf": csrf}, allow_redirects=False
        )
        assert response.status == 403, path
    assert await snapshot(desk.db) == before


async def test_forged_or_missing_csrf_tokens_change_nothing(desk, needs):
    month = await prepared(desk, needs)
    staff = await desk.person("staff")
    csrf = await desk.sign_in(staff)
    other = await desk.person("staff")
    stranger = await desk.new_client()
    path = await desk.link(other)
    await stranger.post("/signin", data={"token": path.rsplit("/", 1)[1]})
    before = await snapshot(desk.db)
    posts = [(m, p) for m, p, _ in guarded_routes(desk) if m != "GET"]
    assert len(posts) >= 7
    forged = "0" * len(csrf)
    for method, path in posts:
        url = concrete(path, month)
        for token in (None, forged, csrf[:-1], csrf.upper()):
            data = dict(FORM) if token is None else {**FORM, "csrf": token}
            response = await desk.client.request(method, url, data=data, allow_redirects=False)
            assert response.status == 403, (url, token)
        # another session's token is not this session's
        page = await stranger.get("/")
        other_csrf = (await page.text()).split('name="csrf" value="')[1].split('"')[0]
        assert other_csrf != csrf
        response = await desk.client.request(
            method, url, data={**FORM, "csrf": other_csrf}, allow_redirects=False
        )
        assert response.status == 403
        header = await desk.client.request(
            method, url, data=FORM, headers={"X-CSRF-Token": forged}, allow_redirects=False
        )
        assert header.status == 403
    assert await snapshot(desk.db) == before
    # the right token works (the same forms were refused only for the token)
    ok = await desk.client.post("/language", data={"csrf": csrf, "locale": "en", "back": "/"})
    assert ok.status == 200


async def test_a_stolen_cookie_of_an_expired_session_opens_nothing(desk, needs):
    month = await prepared(desk, needs)
    staff = await desk.person("staff")
    csrf = await desk.sign_in(staff)
    cookie = next(c for c in desk.client.session.cookie_jar if c.key == "coopbot_session")
    thief = await desk.new_client()
    thief.session.cookie_jar.update_cookies({"coopbot_session": cookie.value})
    assert (await thief.get("/")).status == 200  # a live stolen cookie works: it is the key
    desk.clock.advance(timedelta(hours=12, minutes=1))
    before = await snapshot(desk.db)
    statuses = await every_route(desk, thief, month, {**FORM, "csrf": csrf})
    assert set(statuses.values()) == {401}, statuses
    assert await snapshot(desk.db) == before


async def test_a_signed_out_cookie_opens_nothing(desk, needs):
    month = await prepared(desk, needs)
    staff = await desk.person("staff")
    csrf = await desk.sign_in(staff)
    cookie = next(c for c in desk.client.session.cookie_jar if c.key == "coopbot_session")
    await desk.client.post("/signout", data={"csrf": csrf})
    thief = await desk.new_client()
    thief.session.cookie_jar.update_cookies({"coopbot_session": cookie.value})
    before = await snapshot(desk.db)
    statuses = await every_route(desk, thief, month, {**FORM, "csrf": csrf})
    assert set(statuses.values()) == {401}, statuses
    assert await snapshot(desk.db) == before


async def test_pages_carry_security_headers(console):
    response = await console.client.get("/signin")
    assert response.status == 200
    headers = response.headers
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cache-Control"] == "no-store"
