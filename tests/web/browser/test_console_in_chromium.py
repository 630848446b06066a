"""The console in chromium, as office staff use it: sign in from the link `/web` gives in the
chat (once, before it expires, staff only), approve a month's list, edit a course with a wrong
date, send a broadcast and watch it go out; screenshots of the main pages in fa and en.

The bot's JobQueue does not run here: the broadcast job and the ledger dispatcher are ticked by
the test (tests/handlers/test_broadcast_flow.py `run_jobs`) while the page watches."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from storage.members import MembersRepo
from storage.schema.courses import registrations
from tests.handlers.test_broadcast_flow import run_jobs
from tests.services.test_course_admin import RAW
from tests.web.lists import closed_list

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
ADMIN = 9001  # in ADMINS of the harness


async def signed_in(desk, page, user_id: int = ADMIN, name: str = "زهرا"):
    chatter = desk.bot.person(user_id, name)
    await chatter.command("/start")
    await page.goto(await desk.link(chatter))
    await page.get_by_role("button", name="ورود").click()
    await page.wait_for_url(desk.url + "/")
    return chatter


async def test_sign_in_from_the_chat_link_once(desk, page, browser, shot):
    admin = desk.bot.person(ADMIN, "زهرا")
    await admin.command("/start")
    link = await desk.link(admin)
    await page.goto(link)
    await page.get_by_role("button", name="ورود").click()
    await page.wait_for_url(desk.url + "/")
    assert await page.locator("html").get_attribute("dir") == "rtl"
    assert "زهرا" in await page.locator("header").inner_text()
    await shot(page, "home-fa")

    other = await browser.new_context()  # someone else opens the same link afterwards
    again = await other.new_page()
    await again.goto(link)
    await again.get_by_role("button", name="ورود").click()
    assert "پیش‌تر به کار رفته" in await again.locator("[role=alert]").inner_text()
    assert (await again.goto(desk.url + "/courses")).status == 401
    await other.close()


async def test_an_expired_link_and_a_members_link_are_refused(desk, page, shot):
    admin = desk.bot.person(ADMIN, "زهرا")
    await admin.command("/start")
    link = await desk.link(admin)
    desk.bot.clock.advance(timedelta(minutes=desk.services.settings.web_link_minutes, seconds=1))
    await page.goto(link)
    await page.get_by_role("button", name="ورود").click()
    assert "زمان این پیوند ورود گذشته است" in await page.locator("[role=alert]").inner_text()
    await shot(page, "signin-expired-fa")

    staff = desk.bot.person(5005, "سارا")
    await staff.command("/start")
    async with desk.services.db.write() as conn:
        row = await MembersRepo(conn).get("telegram", 5005)
        await MembersRepo(conn).set_role(row.id, "staff")
    staff_link = await desk.link(staff)
    async with desk.services.db.write() as conn:  # a member again before opening it
        await MembersRepo(conn).set_role(row.id, "member")
    await page.goto(staff_link)
    await page.get_by_role("button", name="ورود").click()
    assert "ویژهٔ کارشناسان اداره" in await page.locator("[role=alert]").inner_text()
    assert (await page.goto(desk.url + "/courses")).status == 401

    member = desk.bot.person(5006, "مریم")
    await member.command("/start")
    await member.command("/web")
    assert desk.url not in member.last().text  # a member gets no link at all


async def test_edit_a_course_with_a_wrong_date(desk, page, shot):
    await signed_in(desk, page)
    admin_row = await desk.services.admin.roles.find("telegram", ADMIN)
    course = await desk.services.admin.courses.create(admin_row, RAW)
    await page.goto(desk.url + "/courses")
    await shot(page, "courses-fa")
    await page.get_by_role("link", name="حسابداری ۱").click()
    await page.fill("#f-end", "1404/09/01")  # before the start: 1404/09/15
    await page.get_by_role("button", name="ذخیره").click()
    alert = page.locator('[data-problem="course"]')
    assert "تاریخ پایان نباید پیش از تاریخ آغاز باشد" in await alert.inner_text()
    assert await page.input_value("#f-end") == "۱۴۰۴/۰۹/۰۱"  # what was typed stays
    await shot(page, "course-wrong-date-fa")
    stored = await desk.services.admin.courses.overview(course.id)
    assert stored.course.end_date == course.end_date  # nothing saved
    await page.fill("#f-end", "۱۴۰۴/۱۱/۰۵")  # Persian digits are fine
    await page.get_by_role("button", name="ذخیره").click()
    assert "تغییر ذخیره شد" in await page.locator("[role=status]").inner_text()
    stored = await desk.services.admin.courses.overview(course.id)
    assert stored.course.end_date != course.end_date


async def test_send_a_broadcast_and_watch_it_go_out(desk, page, shot):
    people = []
    for user_id in (7001, 7002, 7003):
        person = desk.bot.person(user_id, f"عضو{user_id}")
        await person.command("/start")
        people.append(person)
    await signed_in(desk, page)
    await page.goto(desk.url + "/broadcasts/new")
    count = page.locator("#audience-count")
    assert "۴ نفر" in await count.inner_text()  # three members and the admin
    await page.select_option("select[name=platform]", "bale")
    await page.wait_for_selector('#audience-count[data-count="0"]')
    await page.select_option("select[name=platform]", "telegram")
    await page.wait_for_selector('#audience-count[data-count="4"]')
    await page.fill("#body", "جلسهٔ توجیهی فردا ساعت ۱۰ برگزار می‌شود.")
    await shot(page, "broadcast-compose-fa")
    await page.get_by_role("button", name="پیش‌نمایش").click()
    assert "جلسهٔ توجیهی فردا" in await page.locator("[data-preview]").inner_text()
    page.on("dialog", lambda dialog: dialog.accept())
    await page.get_by_role("button", name="ارسال اکنون").click()
    await page.wait_for_selector("#progress")
    assert await page.locator('[data-field="sent"]').inner_text() == "۰"
    await shot(page, "broadcast-sending-fa")

    await run_jobs(desk.bot)  # recipients written, messages sent, the report made
    await page.wait_for_selector("#progress[data-finished=yes]", timeout=20_000)
    assert "به پایان رسید" in await page.locator("#progress h2").inner_text()
    assert await page.locator('[data-field="sent"]').inner_text() == "۴"
    await shot(page, "broadcast-done-fa")
    for person in people:
        assert any("جلسهٔ توجیهی فردا" in (m.text or "") for m in person.messages())


async def test_approve_the_months_list(list_desk, needs, page, shot):
    desk = list_desk
    found = await closed_list(desk, needs, [(9, 1), (8, 2), (7, 2)])
    await signed_in(desk, page)
    await page.goto(f"{desk.url}/nominations/{found.month.id}")
    await shot(page, "nomination-month-fa")
    asked: list[str] = []

    async def accept(dialog):
        asked.append(dialog.message)
        await dialog.accept()

    page.on("dialog", accept)
    await page.get_by_role("button", name="تأیید فهرست").click()
    await page.wait_for_load_state()
    assert asked, "the page asks before approving"
    assert await page.locator("[role=status]").count() == 1
    await shot(page, "nomination-approved-fa")
    async with desk.db.read() as conn:
        rows = await conn.execute(select(registrations.c.status))
        assert {r.status for r in rows} == {"nominated"}


@pytest.mark.parametrize("locale", ["fa", "en"])
async def test_screenshots_of_the_main_pages(desk, page, shot, locale):
    await signed_in(desk, page)
    admin_row = await desk.services.admin.roles.find("telegram", ADMIN)
    await desk.services.admin.courses.create(admin_row, RAW)
    if locale == "en":
        await page.get_by_role("button", name="English").click()
        await page.wait_for_load_state()
        assert await page.locator("html").get_attribute("dir") == "ltr"
    for name in ("courses", "broadcasts", "broadcasts/new", "stats", "audit", "staff",
                 "nominations"):
        response = await page.goto(f"{desk.url}/{name}")
        assert response.status == 200, name
        if name == "stats":  # every chart drawn (no script: the page's CSP forbids eval)
            for image in await page.locator("img").all():
                await image.scroll_into_view_if_needed()
                width = await image.evaluate("i => i.decode().then(() => i.naturalWidth)")
                assert width > 0
        await shot(page, f"{name.replace('/', '-')}-{locale}")


async def test_pages_fit_a_phone(desk, browser, shot):
    """At a phone's width no page scrolls sideways (wide tables scroll inside their box)."""
    context = await browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = await context.new_page()
    try:
        await signed_in(desk, page)
        admin_row = await desk.services.admin.roles.find("telegram", ADMIN)
        course = await desk.services.admin.courses.create(admin_row, RAW)
        for name in ("courses", f"courses/{course.id}", "broadcasts/new", "stats", "audit"):
            await page.goto(f"{desk.url}/{name}")
            width = await page.evaluate("() => document.documentElement.scrollWidth")
            assert width <= 390, (name, width)
            await shot(page, f"phone-{name.replace('/', '-')}-fa")
    finally:
        await context.close()
