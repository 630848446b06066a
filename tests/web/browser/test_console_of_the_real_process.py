"""The console served by the real `coopbot run` process (WEB_PORT set) beside the chat over the
sandbox: an admin signs in in chromium from the link `/web` gives, and an invitation made on the
web carries the running bot's own deep link."""

from __future__ import annotations

import asyncio
import re

import pytest

from tests.e2e.botprocess import TOKENS, running_bot, sandbox_for
from tests.web.browser.conftest import free_port

pytestmark = pytest.mark.e2e


async def converse(person, action, *args, timeout=15.0):
    before = person.sent_count
    getattr(person, action)(*args)
    return await person.wait_for_reply(before, timeout=timeout)


async def listening(port: int, timeout: float = 15.0) -> None:
    async def attempt() -> None:
        while True:
            try:
                _, writer = await asyncio.open_connection("127.0.0.1", port)
            except OSError:
                await asyncio.sleep(0.1)
                continue
            writer.close()
            await writer.wait_closed()
            return

    await asyncio.wait_for(attempt(), timeout)


async def test_sign_in_and_invite_on_the_running_bots_console(tmp_path, page, shot):
    port = free_port()
    async with (
        sandbox_for("telegram") as sandbox,
        running_bot(
            sandbox,
            tmp_path / "bot.sqlite3",
            ("telegram",),
            WEB_PORT=str(port),
            ADMINS="telegram:9001",
        ) as bot,
    ):
        await listening(port)
        admin = sandbox.person(9001, "زهرا", "fa", token=TOKENS["telegram"])
        await converse(admin, "send_command", "/start")
        admin.send_command("/web")
        await admin.wait_for(lambda p: "/signin/" in (p.last().text or ""), 15)
        link = re.search(rf"http://127\.0\.0\.1:{port}/signin/[\w-]+", admin.last().text)
        assert link, admin.last().text
        await page.goto(link.group(0))
        await page.get_by_role("button", name="ورود").click()
        await page.wait_for_url(f"http://127.0.0.1:{port}/")
        await page.goto(f"http://127.0.0.1:{port}/staff")
        await page.get_by_role("button", name="دعوت کارشناس تازه").click()
        shown = await page.locator('[data-link="telegram"]').inner_text()
        assert re.fullmatch(r"https://t\.me/\w+\?start=inv_[A-Za-z0-9_-]+", shown), shown
        await shot(page, "staff-invitation-fa")
        assert "Traceback" not in bot.log()
