"""The real `coopbot run` process with WEB_PORT: an admin sends /web in the chat, opens the link
over HTTP, signs in and sees the monthly list; the session (in the database) still works after
the process is killed and started again; a member's /web gives nothing."""

from __future__ import annotations

import re

import aiohttp
import pytest

from tests.e2e.botprocess import TOKENS, running_bot, sandbox_for

pytestmark = pytest.mark.e2e
PORT = 18702


async def converse(person, action, *args, timeout=15.0):
    before = person.sent_count
    getattr(person, action)(*args)
    return await person.wait_for_reply(before, timeout=timeout)


async def test_sign_in_from_the_chat_and_keep_the_session_across_a_restart(tmp_path):
    env = {"ADMINS": "telegram:9001", "WEB_PORT": str(PORT)}
    db = tmp_path / "bot.sqlite3"
    jar = aiohttp.CookieJar(unsafe=True)  # cookies of 127.0.0.1
    async with sandbox_for("telegram") as sandbox, aiohttp.ClientSession(cookie_jar=jar) as web:
        admin = sandbox.person(9001, "مدیر", "fa", token=TOKENS["telegram"])
        member = sandbox.person(9002, "مریم", "fa", token=TOKENS["telegram"])
        async with running_bot(sandbox, db, ("telegram",), **env) as bot:
            await converse(admin, "send_command", "/start")
            admin.send_command("/web")
            reply = await admin.wait_for(lambda p: "/signin/" in (p.last().text or ""), 15)
            link = re.search(rf"http://127\.0\.0\.1:{PORT}/signin/([\w-]+)", admin.last().text)
            assert reply and link, admin.last().text
            async with web.get(link.group(0)) as page:
                assert page.status == 200 and 'dir="rtl"' in await page.text()
            async with web.post(
                f"http://127.0.0.1:{PORT}/signin", data={"token": link.group(1)}
            ) as signed:
                assert signed.status == 200 and str(signed.url).endswith(f"{PORT}/")
            async with web.get(f"http://127.0.0.1:{PORT}/nominations") as listing:
                assert listing.status == 200
                assert "فهرست ماهانهٔ معرفی" in await listing.text()
            await converse(member, "send_command", "/start")
            member.send_command("/web")
            refused = "ویژهٔ کارشناسان اداره"
            assert await member.wait_for(lambda p: refused in (p.last().text or ""), 15)
            assert "Traceback" not in bot.log()
            await bot.kill()  # kill -9: no clean shutdown
        async with running_bot(sandbox, db, ("telegram",), **env) as bot:
            async with web.get(f"http://127.0.0.1:{PORT}/nominations") as again:
                assert again.status == 200  # the session is in the database, not the process
            signin = f"http://127.0.0.1:{PORT}/signin"
            async with web.post(signin, data={"token": link.group(1)}) as reused:
                assert reused.status == 400  # the link worked once
            assert "Traceback" not in bot.log()
