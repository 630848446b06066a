"""The first minutes with the bot, as a member would live them, in Persian and English."""

from datetime import timedelta

import pytest

from tests.handlers.harness import make_bot


async def test_start_greets_in_persian_with_the_main_menu(tmp_path):
    async with make_bot(tmp_path) as bot:
        maryam = bot.person(1001, "مریم")
        replies = await maryam.command("/start")
        # one honorific, then what the bot is for and the first step
        welcome = replies[0].text
        assert welcome.startswith("\u200fمریم گرامی، به بات آموزش تعاونگران خوش آمدید.")
        assert "تعاونگر گرامی" not in replies[0].text and "عزیز" not in replies[0].text
        assert "۳۰ درصد" in replies[0].text and "گام نخست" in replies[0].text
        assert "راهنما" in maryam.buttons()
        assert "زبان / Language" in maryam.buttons()


async def test_language_is_remembered_and_the_menu_follows(tmp_path):
    async with make_bot(tmp_path) as bot:
        ali = bot.person(1002, "Ali", language_code="fa")
        await ali.command("/language")
        assert ali.buttons() == ["فارسی", "English"]
        await ali.press("English")
        assert ali.last().text.startswith("The bot now speaks English.")
        assert ali.callback_answers()[-1].answer["text"] == "The bot now speaks English."
        replies = await ali.command("/help")
        assert replies[-1].text.startswith("Cooperative training bot: help")
        assert "/language — Change language" in replies[-1].text
        member = await bot.services.members.get(1)
        assert member.locale == "en"


async def test_english_client_gets_english_without_choosing(tmp_path):
    async with make_bot(tmp_path) as bot:
        sam = bot.person(1003, "Sam", language_code="en")
        replies = await sam.command("/start")
        assert replies[0].text.startswith("Welcome, Sam, to the cooperative training bot.")


async def test_unknown_things_get_a_helpful_answer(tmp_path):
    async with make_bot(tmp_path) as bot:
        maryam = bot.person(1001)
        replies = await maryam.command("/doesnotexist")
        assert replies[0].text.startswith("این فرمان را نمی‌شناسم")
        replies = await maryam.send("سلام، وقت بخیر")
        assert replies[0].text.startswith("پیام شما را دریافت کردم")
        replies = await maryam.sticker()
        assert replies[0].text.startswith("این نوع پیام را نمی‌توانم پردازش کنم")
        replies = await maryam.send("x" * 5000)
        assert replies[0].text.startswith("پیام شما را دریافت کردم")
        replies = await maryam.send("۱۲۳٤٥")
        assert len(replies) == 1


async def test_an_old_or_forged_button_is_answered_and_changes_nothing(tmp_path):
    async with make_bot(tmp_path) as bot:
        maryam = bot.person(1001)
        await maryam.command("/language")
        old_menu = maryam.last().message_id
        await maryam.press("English")
        # an old message's button pressed again: still valid, idempotent
        await maryam.forge("lang:set:fa", message_id=old_menu)
        assert maryam.last().text.startswith("زبان بات فارسی شد.")
        for junk in ("lang:set:de", "lang:set:" + "x" * 60, "nope", "menu:drop:1", "a:b:c:d"):
            await maryam.forge(junk)
            assert (await bot.services.members.get(1)).locale == "fa"
        answers = maryam.callback_answers()
        assert all(a.answered for a in answers)


async def test_cancel_with_and_without_a_dialog(tmp_path):
    async with make_bot(tmp_path) as bot:
        maryam = bot.person(1001)
        replies = await maryam.command("/cancel")
        assert replies[0].text.startswith("کاری در جریان نیست")
        member = await bot.services.members.get(1)
        await bot.services.chat_state.set(member.id, "some-flow", "q1")
        replies = await maryam.command("/cancel")
        assert replies[0].text.startswith("کار جاری لغو شد")
        assert await bot.services.chat_state.get(member.id) is None


async def test_command_menu_is_set_per_language(tmp_path):
    async with make_bot(tmp_path) as bot:
        fa = bot.sandbox.commands(language_code="fa")
        en = bot.sandbox.commands(language_code="en")
        assert {c["command"] for c in fa} == {c["command"] for c in en}
        assert {"start", "help", "language", "cancel"} <= {c["command"] for c in fa}
        assert any(c["description"] == "تغییر زبان" for c in fa)


async def test_bale_mode_plain_text_and_callbacks_without_chat_instance(tmp_path):
    async with make_bot(tmp_path, platform="bale") as bot:
        reza = bot.person(1001, "رضا")
        await reza.command("/start")
        await reza.press("راهنما")
        assert reza.last().text.startswith("راهنمای بات")
        calls = bot.sandbox.calls("sendMessage")
        assert calls and all(c.params.get("parse_mode") is None for c in calls)


async def test_same_user_id_on_both_platforms_are_different_people(tmp_path):
    async with make_bot(tmp_path) as bot:
        await bot.person(5, "Tel").command("/start")
        member = await bot.services.members.get(1)
        assert (member.platform, member.user_id) == ("telegram", 5)


# --- deep links: /start <payload> ---------------------------------------------------------------


async def invitation(bot, role: str = "staff") -> str:
    """An invitation payload, made by the ADMINS admin (who has opened the bot once)."""
    await bot.person(9001, "مدیر").command("/start")
    admin = await bot.services.admin.roles.find(bot.platform, 9001)
    return (await bot.services.admin.roles.invite(admin, role)).payload


@pytest.mark.parametrize("platform", ["telegram", "bale"])
async def test_an_invitation_link_goes_straight_to_joining(tmp_path, platform):
    async with make_bot(tmp_path, platform=platform) as bot:
        payload = await invitation(bot)
        sara = bot.person(1002, "سارا")
        replies = await sara.command("/start", payload)
        assert [r.text.split("!")[0] for r in replies] == ["همکار گرامی، خوش آمدید"]
        assert "«کارشناس»" in replies[0].text
        assert sara.buttons() == ["ابزارهای اداره"]
        assert (await bot.services.admin.roles.find(platform, 1002)).role == "staff"
        # opened again: already staff, still no greeting
        replies = await sara.command("/start", payload)
        assert len(replies) == 1 and replies[0].text.startswith("نقش شما پیش‌تر «کارشناس» بوده")
        # plain /start greets as always
        replies = await sara.command("/start")
        assert replies[0].text.startswith("\u200fسارا گرامی، به بات")
        assert replies[-1].text == "منوی اصلی: لطفاً یکی از گزینه‌ها را انتخاب کنید."


async def test_an_expired_or_used_invitation_says_why_then_greets(tmp_path):
    async with make_bot(tmp_path, invite_hours=2) as bot:
        payload = await invitation(bot)
        bot.clock.advance(timedelta(hours=2, minutes=1))  # INVITE_HOURS=2 decides
        reza = bot.person(1003, "رضا")
        replies = await reza.command("/start", payload)
        texts = [r.text for r in replies]
        assert len(texts) == 3
        assert texts[0].startswith("پوزش می‌خواهیم؛ مهلت این پیوند دعوت گذشته است")
        assert texts[1].startswith("\u200fرضا گرامی، به بات")
        assert texts[2].startswith("منوی اصلی")
        assert "راهنما" in reza.buttons()
        assert (await bot.services.admin.roles.find("telegram", 1003)).role == "member"

        fresh = await invitation(bot)
        await bot.person(1004, "لیلا").command("/start", fresh)
        replies = await reza.command("/start", fresh)
        assert replies[0].text.startswith("پوزش می‌خواهیم؛ این پیوند دعوت پیش‌تر به کار رفته")
        assert replies[1].text.startswith("\u200fرضا گرامی، به بات")


@pytest.mark.parametrize("payload", ["ref_abc", "inv_short", "inv_" + "A" * 24, "x" * 64, "hello"])
async def test_an_unknown_payload_gets_a_polite_sentence_then_the_greeting(tmp_path, payload):
    async with make_bot(tmp_path) as bot:
        maryam = bot.person(1001, "مریم")
        replies = await maryam.command("/start", payload)
        assert len(replies) == 3
        assert replies[0].text.startswith("پوزش می‌خواهیم؛ این")
        assert replies[1].text.startswith("\u200fمریم گرامی، به بات")
        assert "راهنما" in maryam.buttons()
        assert (await bot.services.members.get(1)).role == "member"


async def test_an_unknown_payload_in_english(tmp_path):
    async with make_bot(tmp_path) as bot:
        sam = bot.person(1005, "Sam", language_code="en")
        replies = await sam.command("/start", "campaign42")
        assert replies[0].text == (
            "Sorry, this link was not recognised or is no longer valid. Here is the main menu."
        )
        assert replies[1].text.startswith("Welcome, Sam, to the cooperative training bot.")


async def test_a_returning_member_is_welcomed_back_not_told_the_first_step_again(tmp_path):
    from tests.handlers.test_assessment_flow import MARYAM, answer_all

    async with make_bot(tmp_path) as bot:
        maryam = bot.person(1001, "مریم")
        await maryam.command("/start")
        await maryam.command("/assess")
        await answer_all(bot, maryam, 1, MARYAM, until="role")
        replies = await maryam.command("/start")
        assert replies[0].text.splitlines() == [
            "\u200fمریم گرامی، دوباره خوش آمدید.",
            "نیازسنجی شما نیمه‌کاره مانده است؛ با دکمهٔ «ادامهٔ نیازسنجی» از همان‌جا که مانده "
            "بودید ادامه دهید.",
        ]
        assert "ادامهٔ نیازسنجی" in maryam.buttons()
        await maryam.command("/assess")
        await answer_all(bot, maryam, 1, MARYAM)
        await maryam.press("ثبت نهایی")
        replies = await maryam.command("/start")
        back = replies[0].text
        assert back.startswith("\u200fمریم گرامی، دوباره خوش آمدید.\nنیازسنجی شما ثبت شده")
        assert "گام نخست" not in replies[0].text
        sam = bot.person(1002, "Sam", language_code="en")
        await sam.command("/assess")
        replies = await sam.command("/start")
        assert replies[0].text.startswith("Welcome back, Sam.\nYour needs assessment is unfinished")
