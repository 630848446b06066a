"""The /broadcast dialog (handlers/broadcast/dialog.py on the dialog kit) at its edges, as staff
live them: a broadcast that changed under an open step, a state an older version stored, a role
taken away mid-dialog, leaving and an old leave button, and the dialog in English."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.handlers.harness import make_bot

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

ADMIN = 9001  # in ADMINS of the harness
ANNOUNCEMENT = "جلسهٔ توجیهی دوره‌ها فردا ساعت ۱۰ برگزار می‌شود."
GONE = "وضعیت این پیام تغییر کرده است"


async def state_of(bot, member_id: int = 1):
    state = await bot.services.chat_state.get(member_id)
    return None if state is None else (state.flow, state.step, state.data)


async def staff_with_a_draft(bot, language_code: str = "fa"):
    admin = bot.person(ADMIN, "کارشناس", language_code=language_code)
    await admin.command("/start")
    await admin.command("/broadcast")
    await admin.send(ANNOUNCEMENT)
    return admin


async def test_a_broadcast_cancelled_while_its_time_is_asked_ends_the_dialog(tmp_path):
    async with make_bot(tmp_path) as bot:
        admin = await staff_with_a_draft(bot)
        await admin.press("ادامه")
        await admin.press("زمان‌بندی")
        assert await state_of(bot) == ("broadcast", "when", {"id": 1, "since": None})
        await bot.services.broadcast.cancel(1, 1)  # from /broadcasts on another device, say
        replies = await admin.send("۱۴۰۴/۰۸/۲۷ ساعت ۱۰:۰۰")
        assert replies[-1].text.startswith(GONE)
        assert await state_of(bot) is None
        assert (await bot.services.broadcast.get(1)).status == "cancelled"


async def test_a_broadcast_started_meanwhile_is_not_shown_as_editable(tmp_path):
    async with make_bot(tmp_path) as bot:
        admin = await staff_with_a_draft(bot)
        await bot.services.broadcast.send_now(1, 1)
        replies = await admin.send("چیزی دیگر")  # typed while the audience buttons are expected
        assert replies[-1].text.startswith(GONE)
        assert await state_of(bot) is None


async def test_a_range_start_stored_by_an_older_version_is_asked_again(tmp_path):
    async with make_bot(tmp_path) as bot:
        admin = await staff_with_a_draft(bot)
        # the previous version kept the range start under "from"
        await bot.services.chat_state.set(1, "broadcast", "to", {"id": 1, "from": "2025-10-22"})
        replies = await admin.send("1404/08/30")
        assert replies[-1].text.startswith("لطفاً تاریخ شروع را")
        assert (await state_of(bot))[1] == "from"
        await admin.send("1404/08/01")
        replies = await admin.send("1404/08/30")
        assert "عضویت در بات: از ۱ آبان ۱۴۰۴ تا ۳۰ آبان ۱۴۰۴" in replies[-1].text
        audience = (await bot.services.broadcast.get(1)).audience
        assert audience.registered_since == datetime(2025, 10, 22, 20, 30, tzinfo=UTC)


async def test_a_step_this_version_does_not_have_ends_the_dialog_politely(tmp_path):
    async with make_bot(tmp_path) as bot:
        admin = await staff_with_a_draft(bot)
        await bot.services.chat_state.set(1, "broadcast", "subject", {"id": 1})
        replies = await admin.send("سلام")
        assert replies[-1].text.startswith("این گفت‌وگو دیگر ادامه‌پذیر نیست")
        assert await state_of(bot) is None


async def test_a_demoted_staff_member_is_refused_at_the_next_step(tmp_path):
    async with make_bot(tmp_path) as bot:
        admin = bot.person(ADMIN, "کارشناس")
        sara = bot.person(1002, "سارا")
        await admin.command("/start")
        await sara.command("/start")
        admin_member = await bot.services.members.get(1)
        await bot.services.admin.roles.set_role(admin_member, 2, "staff")
        await sara.command("/broadcast")
        assert (await state_of(bot, 2))[:2] == ("broadcast", "compose")
        await bot.services.admin.roles.set_role(admin_member, 2, "member")
        replies = await sara.send(ANNOUNCEMENT)
        assert replies[-1].text.startswith("این بخش ویژهٔ کارشناسان اداره تعاون است")
        assert await state_of(bot, 2) is None
        assert await bot.services.broadcast.get(1) is None


async def test_leaving_keeps_the_draft_and_the_old_leave_button_is_no_longer_active(tmp_path):
    async with make_bot(tmp_path) as bot:
        admin = await staff_with_a_draft(bot)
        screen = admin.last().message_id
        await admin.press("انصراف", message_id=screen)
        assert admin.last().text.startswith("پیش‌نویس پیام کنار گذاشته شد")
        assert await state_of(bot) is None
        await admin.forge("bc:quit:1", message_id=screen)
        answer = bot.sandbox.calls("answerCallbackQuery")[-1].params
        assert answer.get("text", "").startswith("این دکمه دیگر فعال نیست")
        assert (await bot.services.broadcast.get(1)).status == "draft"
        await admin.forge("bc:plat:1", message_id=screen)  # its filters can still change
        assert (await bot.services.broadcast.get(1)).audience.platform == "telegram"


async def test_the_dialog_in_english(tmp_path):
    async with make_bot(tmp_path) as bot:
        admin = await staff_with_a_draft(bot, language_code="en")
        assert admin.last().text.startswith("Choose who receives message no. 1.")
        await admin.press("Date joined")
        await admin.press("Other dates")
        replies = await admin.send_other("location")
        assert replies[-1].text.startswith("I can't take this kind of message at this step.\n")
        replies = await admin.send("۱۴۰۴/۰۸/۰۱")  # Persian digits
        replies = await admin.send("1404/08/30")
        assert "from 1 Aban 1404 to 30 Aban 1404" in replies[-1].text
        await admin.press("Continue")
        await admin.press("Schedule")
        replies = await admin.send("tomorrow")
        assert replies[-1].text.startswith("I could not read that date and time")
