"""The list's typed steps on the dialog kit: the staff role read again at the typed reason, and a
stored step that no longer reads. (The whole list, moves and rejections: test_courses_flow.)"""

from __future__ import annotations

from tests.handlers.harness import make_bot

WAITING = {"entry": 999, "placed": True, "month": 999}  # what `nom:mv` leaves in the chat state


async def test_a_reason_typed_after_losing_staff_rights_is_refused_and_changes_nothing(tmp_path):
    async with make_bot(tmp_path) as bot:
        sara, admin = bot.person(1002, "سارا"), bot.person(9001, "مدیر")
        await sara.command("/start")
        await admin.command("/start")
        sara_member = await bot.services.members.get(1)
        admin_member = await bot.services.members.get(2)
        await bot.services.admin.roles.set_role(admin_member, sara_member.id, "staff")
        await bot.services.chat_state.set(sara_member.id, "nomination", "reason", WAITING)
        await bot.services.admin.roles.set_role(admin_member, sara_member.id, "member")
        replies = await sara.send("مدارک کامل رسید")
        assert replies[-1].text == bot.services.translator("fa", "admin-refused-staff")
        assert await bot.services.chat_state.get(sara_member.id) is None


async def test_a_waiting_step_that_no_longer_reads_ends_politely(tmp_path):
    async with make_bot(tmp_path) as bot:
        admin = bot.person(9001, "مدیر")
        await admin.command("/start")
        for step, data in (("reason", {"placed": True}), ("approve", WAITING)):
            await bot.services.chat_state.set(1, "nomination", step, data)
            replies = await admin.send("مدارک کامل رسید")
            assert replies[-1].text == bot.services.translator("fa", "dialog-gone")
            assert await bot.services.chat_state.get(1) is None


async def test_a_reason_is_asked_again_in_english_too(tmp_path):
    async with make_bot(tmp_path) as bot:
        admin = bot.person(9001, "Admin", language_code="en")
        await admin.command("/start")
        waiting = {"month": 1, "registration": 2}  # what `nom:rj` leaves
        await bot.services.chat_state.set(1, "nomination", "reject", waiting)
        replies = await admin.send("no")
        length = bot.services.translator("en", "flow-reason-length", min=3, max=500)
        again = bot.services.translator("en", "nomination-ask-rejection-again")
        assert replies[-1].text == f"{length}\n\n{again}"
        assert (await bot.services.chat_state.get(1)).data["registration"] == 2
