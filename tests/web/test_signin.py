"""Signing in from a `/web` link: once, before it expires, staff only; sessions that end."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from storage.members import MembersRepo
from storage.schema.web import web_links, web_sessions
from tests.services.admin_support import audit_actions
from tests.web.conftest import page_problems


async def count(db, table) -> int:
    async with db.read() as conn:
        return int((await conn.execute(select(func.count()).select_from(table))).scalar_one())


async def test_staff_signs_in_from_a_link_and_sees_the_desk(console_any):
    console = console_any
    staff = await console.person("staff", first_name="زهرا")
    path = await console.link(staff)
    page = await console.client.get(path)
    assert page.status == 200
    html = await page.text()
    assert 'dir="rtl"' in html and "ورود" in html
    assert await count(console.db, web_sessions) == 0  # showing the button spends nothing
    token = path.rsplit("/", 1)[1]
    response = await console.client.post("/signin", data={"token": token}, allow_redirects=False)
    assert response.status == 303 and response.headers["Location"] == "/"
    cookie = response.cookies["coopbot_session"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and not cookie["secure"]
    home = await console.client.get("/")
    assert home.status == 200
    assert "زهرا" in await home.text()
    assert not page_problems(await home.text(), "home")
    assert not page_problems(html, "sign-in button")
    async with console.db.read() as conn:
        hashes = (await conn.execute(select(web_sessions.c.token_hash))).scalars().all()
        links = (await conn.execute(select(web_links.c.token_hash))).scalars().all()
    assert cookie.value not in hashes and token not in links  # only hashes are stored
    assert ("web.sign_in", staff.id, "member", staff.id) in await audit_actions(console.db)


async def test_a_link_works_once(console):
    staff = await console.person("staff")
    token = (await console.link(staff)).rsplit("/", 1)[1]
    first = await console.client.post("/signin", data={"token": token}, allow_redirects=False)
    assert first.status == 303
    other = await console.new_client()
    again = await other.post("/signin", data={"token": token}, allow_redirects=False)
    assert again.status == 400
    assert "پیش‌تر به کار رفته" in await again.text()
    assert "coopbot_session" not in again.cookies
    assert await count(console.db, web_sessions) == 1


async def test_an_expired_link_is_refused(console):
    staff = await console.person("staff")
    token = (await console.link(staff)).rsplit("/", 1)[1]
    console.clock.advance(timedelta(minutes=10, seconds=1))
    response = await console.client.post("/signin", data={"token": token}, allow_redirects=False)
    assert response.status == 400
    assert "زمان این پیوند" in await response.text()
    assert await count(console.db, web_sessions) == 0
    await console.sign_in(staff)  # a day later, a sign-in clears what expired long ago
    console.clock.advance(timedelta(days=1, hours=13))
    await console.sign_in(staff)
    assert await count(console.db, web_links) == 1 and await count(console.db, web_sessions) == 1


async def test_unknown_and_malformed_links_are_refused(console):
    for token in ("x" * 43, "", "<script>", "a" * 500):
        response = await console.client.post(
            "/signin", data={"token": token}, allow_redirects=False
        )
        assert response.status == 400
    assert await count(console.db, web_sessions) == 0


async def test_a_member_gets_no_link_and_a_demoted_staff_members_link_opens_nothing(console):
    import pytest

    from bot.services.roles import NotAllowed

    member = await console.person("member")
    with pytest.raises(NotAllowed):
        await console.services.web_access.issue_link(member.id)
    staff = await console.person("staff")
    token = (await console.link(staff)).rsplit("/", 1)[1]
    async with console.db.write() as conn:
        await MembersRepo(conn).set_role(staff.id, "member")
    response = await console.client.post("/signin", data={"token": token}, allow_redirects=False)
    assert response.status == 403
    assert await count(console.db, web_sessions) == 0


async def test_role_removed_is_refused_at_the_next_request(console):
    staff = await console.person("staff")
    await console.sign_in(staff)
    assert (await console.client.get("/")).status == 200
    async with console.db.write() as conn:
        await MembersRepo(conn).set_role(staff.id, "member")
    assert (await console.client.get("/")).status == 403


async def test_a_session_expires_and_signing_out_ends_it(console):
    staff = await console.person("staff")
    csrf = await console.sign_in(staff)
    out = await console.client.post("/signout", data={"csrf": csrf}, allow_redirects=False)
    assert out.status == 303
    assert await count(console.db, web_sessions) == 0
    assert (await console.client.get("/")).status == 401
    await console.sign_in(staff)
    console.clock.advance(timedelta(hours=12, seconds=1))
    assert (await console.client.get("/")).status == 401


async def test_language_switch_and_english_pages(console):
    staff = await console.person("staff")
    csrf = await console.sign_in(staff)
    switched = await console.client.post(
        "/language", data={"csrf": csrf, "locale": "en", "back": "/"}, allow_redirects=False
    )
    assert switched.status == 303
    html = await (await console.client.get("/")).text()
    assert 'dir="ltr"' in html and "Sign out" in html
    bad = await console.client.post(
        "/language", data={"csrf": csrf, "locale": "xx", "back": "//evil.example"},
        allow_redirects=False,
    )
    assert bad.status == 303 and bad.headers["Location"] == "/"
    assert 'dir="ltr"' in await (await console.client.get("/")).text()


async def test_the_cookie_is_secure_behind_https(sqlite_db, clock):
    from tests.web.conftest import open_console

    console = await open_console(sqlite_db, clock, web_base_url="https://desk.example.org")
    try:
        staff = await console.person("staff")
        path = await console.link(staff)
        assert path.startswith("/signin/")  # the link is on the public https address
        token = path.rsplit("/", 1)[1]
        response = await console.client.post(
            "/signin", data={"token": token}, allow_redirects=False
        )
        cookie = response.cookies["coopbot_session"]
        assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Lax"
        assert cookie["path"] == "/" and not cookie["domain"]
    finally:
        await console.client.close()
