"""The assessment on the dialog kit, where the kit decides: a place stored by an earlier
questionnaire, a place that no longer reads, an empty text, and a press from inside another
dialog."""

from __future__ import annotations

from tests.handlers.harness import make_bot
from tests.handlers.test_assessment_flow import MARYAM, Q, answer_all, last_answer_text, step_of


async def test_a_place_an_earlier_questionnaire_stored_continues_where_the_answers_stand(tmp_path):
    async with make_bot(tmp_path) as bot:
        maryam = bot.person(1001)
        await maryam.command("/assess")
        await answer_all(bot, maryam, 1, MARYAM, until="role")
        answers = dict((await bot.services.assessment.draft(1)).answers)
        # version 1 asked a question this one no longer has; she was at it, editing
        await bot.services.chat_state.set(1, "assessment", "coop_phone", {"v": "1", "edit": True})
        replies = await maryam.send("۰۲۱۵۵۵۵۱۲۳۴")
        assert replies[-1].text.startswith("تعاونگر گرامی، خوش آمدید")
        assert "نقش شما در تعاونی چیست؟" in replies[-1].text
        assert await step_of(bot, 1) == "role"
        assert (await bot.services.assessment.draft(1)).answers == answers  # nothing saved
        # the same for a press: answered as outdated, the question sent again
        await bot.services.chat_state.set(1, "assessment", "coop_phone", {"v": "1"})
        await maryam.forge(f"assess:a:{Q.version}:role:member")
        assert last_answer_text(bot).startswith("این دکمه مربوط به پرسش دیگری است")
        assert "نقش شما در تعاونی چیست؟" in maryam.last().text
        assert (await bot.services.assessment.draft(1)).answers == answers
        await maryam.press("مدیرعامل")  # and the dialog goes on
        assert await step_of(bot, 1) == "gender"


async def test_a_place_that_no_longer_reads_opens_the_assessment_again(tmp_path):
    async with make_bot(tmp_path) as bot:
        maryam = bot.person(1001)
        await maryam.command("/assess")
        await answer_all(bot, maryam, 1, MARYAM, until="topics")
        await bot.services.chat_state.set(1, "assessment", "topics", {"sel": "accounting"})
        replies = await maryam.send("حسابداری")
        assert replies[-1].text.startswith("تعاونگر گرامی، خوش آمدید")
        assert "سؤال ۲۰ از ۲۷" in replies[-1].text  # the topics, nothing chosen yet
        state = await bot.services.chat_state.get(1)
        assert (state.step, state.data.get("sel")) == ("topics", None)


async def test_an_empty_text_gets_the_assessments_own_words(tmp_path):
    async with make_bot(tmp_path) as bot:
        sam = bot.person(1002, "Sam", language_code="en")
        await sam.command("/assess")
        await answer_all(bot, sam, 1, {"consent": "Yes"}, locale="en", until="full_name")
        before = await bot.services.chat_state.get(1)
        replies = await sam.send(" \u200c ")
        assert replies[-1].text.startswith(bot.services.translator("en", "assessment-error-empty"))
        assert await bot.services.chat_state.get(1) == before


async def test_a_press_from_inside_another_dialog_brings_the_person_back(tmp_path):
    async with make_bot(tmp_path) as bot:
        maryam = bot.person(1001)
        await maryam.command("/assess")
        await answer_all(bot, maryam, 1, MARYAM, until="role")
        await bot.services.chat_state.set(1, "nomination", "reason", {"month": 1, "entry": 1})
        await maryam.press("مدیرعامل")
        assert await step_of(bot, 1) == "gender"
        assert (await bot.services.assessment.draft(1)).answers["role"] == "ceo"
