"""The course dialog across versions: a dialog stored before an upgrade continues where it was;
one this version cannot read ends politely, with nothing half-done left behind."""

from __future__ import annotations

from tests.handlers.harness import make_bot


async def admin_in_chat(bot):
    admin = bot.person(9001, "مدیر")
    await admin.command("/start")
    return admin, (await bot.services.members.get(1)).id


async def test_a_dialog_stored_before_a_restart_continues_at_its_step(tmp_path):
    async with make_bot(tmp_path) as bot:
        admin, member_id = await admin_in_chat(bot)
        stored = {"mode": "new", "draft": {"title_fa": "حسابداری مقدماتی"}}
        await bot.services.chat_state.set(member_id, "course_admin", "title_en", stored)
        replies = await admin.send("Basic accounting")
        assert replies[-1].text.startswith("گام ۳ از ۱۷\nلطفاً کد استاندارد آموزشی")
        state = await bot.services.chat_state.get(member_id)
        assert state.step == "standard_code"
        assert state.data["draft"] == {
            "title_fa": "حسابداری مقدماتی",
            "title_en": "Basic accounting",
        }


async def test_a_dialog_this_version_cannot_read_ends_politely(tmp_path):
    async with make_bot(tmp_path) as bot:
        admin, member_id = await admin_in_chat(bot)
        gone = bot.services.translator("fa", "dialog-gone")
        for step, data in [("planet", {}), ("title_en", {"draft": "not a mapping"})]:
            await bot.services.chat_state.set(member_id, "course_admin", step, data)
            replies = await admin.send("Basic accounting")
            assert replies[-1].text == gone
            assert await bot.services.chat_state.get(member_id) is None
        assert await bot.services.admin.courses.courses(include_past=True) == []


async def test_a_file_awaited_by_the_import_is_asked_for_again(tmp_path):
    async with make_bot(tmp_path) as bot:
        admin, member_id = await admin_in_chat(bot)
        await admin.command("/admin")
        await admin.press(bot.services.translator("fa", "admin-menu-import"))
        state = await bot.services.chat_state.get(member_id)
        assert (state.flow, state.step) == ("course_import", "file")
        asked = bot.services.translator("fa", "course-import-send-file")
        for other in (admin.send("فایل را فرستادم"), admin.send(" \u200c "), admin.sticker()):
            replies = await other
            assert replies[-1].text == f"{bot.services.translator('fa', 'flow-not-text')}\n{asked}"
        assert (await bot.services.chat_state.get(member_id)).flow == "course_import"
        await admin.press("خروج")
        assert await bot.services.chat_state.get(member_id) is None
