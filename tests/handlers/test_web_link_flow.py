"""/web in the chat: staff get a one-time sign-in link to the web desk; members are refused and
nothing is written; with the desk off the answer says so."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from storage.schema.web import web_links
from tests.services.admin_support import person


async def links(db) -> int:
    async with db.read() as conn:
        return int((await conn.execute(select(func.count()).select_from(web_links))).scalar_one())


async def test_staff_get_a_link_that_signs_them_in(tmp_path):
    from tests.handlers.harness import make_bot

    async with make_bot(tmp_path, web_base_url="https://desk.example.org") as bot:
        admin = bot.person(9001, "مدیر")
        await admin.command("/start")
        await admin.command("/web")
        text = admin.last().text
        assert "پیوند ورود به میز کار" in text and "۱۰ دقیقه" in text
        url = re.search(r"https://desk\.example\.org/signin/([\w-]+)", text)
        assert url, text
        outcome = await bot.services.web_access.sign_in(url.group(1))
        assert outcome.result == "signed_in"
        assert (await bot.services.web_access.sign_in(url.group(1))).result == "used"


async def test_english_staff_and_a_member_refused(tmp_path):
    from tests.handlers.harness import make_bot

    async with make_bot(tmp_path, web_port=18701) as bot:
        staff_row = await person(bot.services.db, bot.clock, 5005, "staff")
        staff = bot.person(5005, "Sara", language_code="en")
        await staff.command("/start")
        await staff.command("/language")
        await staff.press("English")
        await staff.command("/web")
        assert "http://127.0.0.1:18701/signin/" in staff.last().text
        assert "for 10 minutes" in staff.last().text
        assert staff_row.role == "staff"
        member = bot.person(5006, "مریم")
        await member.command("/start")
        before = await links(bot.services.db)
        await member.command("/web")
        assert "ویژهٔ کارشناسان اداره" in member.last().text
        assert await links(bot.services.db) == before


async def test_desk_off_says_so(tmp_path):
    from tests.handlers.harness import make_bot

    async with make_bot(tmp_path) as bot:
        admin = bot.person(9001, "مدیر")
        await admin.command("/start")
        await admin.command("/web")
        assert "WEB_PORT" in admin.last().text
        assert await links(bot.services.db) == 0
