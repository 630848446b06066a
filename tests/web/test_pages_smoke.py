"""Each page of the console renders for staff in Persian and English (Jalali dates and Persian
digits in Persian, no raw keys: tests/web/conftest.py page_problems), and its forms change what
they say, through the services."""

from __future__ import annotations

import re

from tests.services.admin_support import audit_actions
from tests.services.test_course_admin import RAW
from tests.web.conftest import page_problems

# A course made in the chat or on the web is named `chat-<Tehran time>-<hex>` (its ref, shown in
# the audit log's values): an identifier, not a text key.
COURSE_REF = re.compile(r"'chat-[0-9]{12}-[0-9a-f]{6}'")


async def test_every_page_renders_in_persian_and_english(console, caplog):
    admin = await console.person("admin", first_name="زهرا")
    # a course and its page too (its English title without figures: typed text is shown as typed)
    await console.services.admin.courses.create(admin, {**RAW, "title_en": "Accounting"})
    csrf = await console.sign_in(admin)
    pages = ("/courses", "/courses/new", "/courses/1", "/broadcasts", "/broadcasts/new", "/stats",
             "/audit", "/staff")
    for locale in ("fa", "en"):
        await console.client.post(
            "/language", data={"csrf": csrf, "locale": locale, "back": "/"}
        )
        for path in pages:
            response = await console.client.get(path)
            assert response.status == 200, (locale, path, await response.text())
            html = await response.text()
            assert f'lang="{locale}"' in html
            found = [
                p for p in page_problems(html, f"{locale} {path}") if not COURSE_REF.search(p)
            ]
            assert not found
    missing = [r.getMessage() for r in caplog.records if "missing text" in r.getMessage()]
    assert not missing  # every t(...) of every page has its text


async def test_stats_dashboard_draws_the_charts_and_explains_a_wrong_period(console):
    staff = await console.person("staff")
    await console.sign_in(staff)
    page = await console.client.get("/stats?from=1404/08/01&to=1404/08/25")
    html = await page.text()
    assert page.status == 200 and "/stats/chart/daily.png?from=1404/08/01&amp;to=1404/08/25" in html
    chart = await console.client.get("/stats/chart/needs.png?from=1404/08/01")
    assert chart.status == 200 and chart.content_type == "image/png"
    assert (await chart.read()).startswith(b"\x89PNG")
    assert (await console.client.get("/stats/chart/nope.png")).status == 404
    bad = await console.client.get("/stats?from=1404/13/01")
    assert bad.status == 400 and "تاریخ شمسی معتبری نیست" in await bad.text()
    later = await console.client.get("/stats?from=1404/08/20&to=1404/08/01")
    assert later.status == 400


async def test_audit_search_finds_an_entry_by_its_reason(console):
    admin = await console.person("admin")
    other = await console.person("member", first_name="سارا")
    csrf = await console.sign_in(admin)
    response = await console.client.post(
        "/staff/role",
        data={"csrf": csrf, "user_id": str(other.user_id), "role": "staff",
              "reason": "کارشناس تازهٔ شهرستان"},
        allow_redirects=False,
    )
    assert response.status == 303
    found = await (await console.client.get("/audit?q=شهرستان")).text()
    assert "کارشناس تازهٔ شهرستان" in found
    nothing = await (await console.client.get("/audit?q=zzz-nothing")).text()
    assert "کارشناس تازهٔ شهرستان" not in nothing and "پیدا نشد" in nothing
    assert (await console.client.get("/audit/export")).status == 405  # a form, never a link
    export = await console.client.post("/audit/export", data={"csrf": csrf})
    assert export.status == 200 and (await export.read()).startswith(b"PK")
    assert ("audit.export", admin.id, "audit", 0) in await audit_actions(console.db)


async def test_staff_page_invites_revokes_and_changes_roles(console):
    admin = await console.person("admin")
    member = await console.person("member")
    csrf = await console.sign_in(admin)
    made = await console.client.post("/staff/invite", data={"csrf": csrf, "role": "staff"})
    html = await made.text()
    assert made.status == 200 and re.search(r"/start inv_[A-Za-z0-9_-]{20,}", html)
    (invitation,) = await console.services.admin.roles.open_invitations()
    bad = await console.client.post("/staff/invite", data={"csrf": csrf, "role": "owner"})
    assert bad.status == 400
    await console.client.post(f"/staff/invitations/{invitation.id}/revoke", data={"csrf": csrf})
    assert await console.services.admin.roles.open_invitations() == []
    wrong = await console.client.post(
        "/staff/role", data={"csrf": csrf, "user_id": "abc", "role": "staff"}
    )
    assert wrong.status == 400
    me = await console.client.post(
        "/staff/role", data={"csrf": csrf, "user_id": str(admin.user_id), "role": "member"}
    )
    assert me.status == 400  # not one's own role
    await console.client.post(
        "/staff/role", data={"csrf": csrf, "user_id": str(member.user_id), "role": "staff"}
    )
    assert (await console.services.admin.roles.get(member.id)).role == "staff"
    actions = {a[0] for a in await audit_actions(console.db)}
    assert {"role.invite", "role.revoke", "role.change"} <= actions


async def test_an_invitation_gives_the_bots_deep_links_when_they_are_known(console):
    from aiohttp.test_utils import TestClient, TestServer

    from web.app import make_app

    admin = await console.person("admin")
    client = TestClient(TestServer(make_app(console.services, {"telegram": "coop_bot"})))
    await client.start_server()
    try:
        token = (await console.link(admin)).rsplit("/", 1)[1]
        await client.post("/signin", data={"token": token})
        page = await (await client.get("/staff")).text()
        csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
        response = await client.post("/staff/invite", data={"csrf": csrf, "role": "admin"})
        made = await response.text()
    finally:
        await client.close()
    link = re.search(r"https://t\.me/coop_bot\?start=(inv_[A-Za-z0-9_-]+)", made)
    assert link and f"/start {link.group(1)}" in made
    assert "ble.ir" not in made  # no Bale bot runs here


async def test_pages_with_data_read_right_in_both_languages(desk, needs):
    """A course with people on it, a broadcast's preview and its progress, the audit log full of
    entries: no Latin digits in Persian, no raw keys (tests/web/conftest.py page_problems)."""
    console = desk
    admin = await console.person("admin", first_name="زهرا")
    course = await console.services.admin.courses.create(admin, {**RAW, "title_en": "Accounting"})
    for _ in range(2):
        member = await console.person("member")
        needs.submit(member.id, 1.0)
        outcome = await console.services.registration.register(member.id, course.id)
        assert outcome.result == "requested"
    csrf = await console.sign_in(admin)
    made = await console.client.post(
        "/broadcasts/new",
        data={"csrf": csrf, "body": "سلام", "topic": "accounting", "urgent": "1"},
        allow_redirects=False,
    )
    draft = made.headers["Location"]
    other = await console.client.post(
        "/broadcasts/new", data={"csrf": csrf, "body": "دوم"}, allow_redirects=False
    )
    sending = other.headers["Location"]
    await console.client.post(f"{sending}/send", data={"csrf": csrf})
    await console.services.broadcast.enqueue(int(sending.rsplit("/", 1)[1]))
    for locale in ("fa", "en"):
        await console.client.post("/language", data={"csrf": csrf, "locale": locale, "back": "/"})
        for path in (f"/courses/{course.id}", draft, sending, "/broadcasts", "/audit"):
            html = await (await console.client.get(path)).text()
            if path.startswith("/courses/"):
                assert html.count("<tr><td class=\"num\">") == 2  # the two people listed
            found = [p for p in page_problems(html, f"{locale} {path}") if not COURSE_REF.search(p)]
            assert not found
