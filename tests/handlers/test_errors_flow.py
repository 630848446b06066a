"""Any error: logged with context, no personal data in the log, a polite line for the person."""

import logging

from tests.handlers.harness import make_bot


async def test_a_failing_service_gets_a_polite_answer_and_a_clean_log(tmp_path, caplog):
    async with make_bot(tmp_path) as bot:
        maryam = bot.person(1001, "مریم‌ناصری")

        async def explode(*args, **kwargs):
            raise RuntimeError("database on fire")

        bot.services.chat_state.clear = explode
        caplog.set_level(logging.INFO)
        replies = await maryam.command("/cancel")
        assert (
            replies[-1].text == "پوزش می‌خواهیم؛ مشکلی پیش آمد. لطفاً چند لحظهٔ دیگر دوباره تلاش کنید."
        )
        assert "database on fire" not in replies[-1].text
        errors = [r for r in caplog.records if r.name == "coopbot.errors"]
        assert errors and "platform=telegram" in errors[0].getMessage()
        assert "kind=message" in errors[0].getMessage()
        logged = "\n".join(r.getMessage() for r in caplog.records)
        assert "مریم‌ناصری" not in logged and "1001" not in logged
        assert bot.app.bot.token not in caplog.text


async def test_a_failing_button_is_answered_too(tmp_path):
    async with make_bot(tmp_path, platform="bale") as bot:
        reza = bot.person(1002, "رضا")
        await reza.command("/language")

        async def explode(*args, **kwargs):
            raise RuntimeError("boom")

        bot.services.members.set_locale = explode
        replies = await reza.press("English")
        assert replies[-1].text.startswith("پوزش می‌خواهیم")
        assert all(a.answered for a in reza.callback_answers())
