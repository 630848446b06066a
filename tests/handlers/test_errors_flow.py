"""Any error: logged with context, no personal data in the log, a polite line for the person.
A refusal that escaped its handler gets the polite refusal, not the apology."""

import logging

from bot.services.chat_state import ChatStateService
from bot.services.members import MemberService
from bot.services.roles import NotAllowed
from tests.handlers.harness import make_bot

REFUSED_STAFF = "پوزش می‌خواهیم؛ این بخش ویژهٔ کارشناسان اداره است و چیزی تغییر نکرد."
REFUSED_ADMIN = "پوزش می‌خواهیم؛ این بخش ویژهٔ مدیران است و چیزی تغییر نکرد."


class BreakableChatState(ChatStateService):
    """The real chat state, except that `clear` raises `error` while one is set."""

    error: Exception | None = None

    async def clear(self, member_id: int, flow: str | None = None) -> bool:
        if self.error is not None:
            raise self.error
        return await super().clear(member_id, flow)


class BreakableMembers(MemberService):
    """The real members service, except that `set_locale` raises `error` while one is set."""

    error: Exception | None = None

    async def set_locale(self, member_id: int, locale: str) -> None:
        if self.error is not None:
            raise self.error
        await super().set_locale(member_id, locale)


def breakable(db, clock, settings) -> dict:
    """The fakes for make_bot: the chat state and the members service, over the bot's database."""
    return {
        "chat_state": BreakableChatState(db, clock),
        "members": BreakableMembers(db, clock, settings),
    }


def breaks(service, error: Exception | None) -> None:
    """From now on the breakable service's method raises `error` (None: works again)."""
    service.error = error


def failing(error: Exception):
    """A stand-in for a flow step that raises `error`."""

    async def fail(*args, **kwargs):
        raise error

    return fail


async def press_english_failing(bot, error: Exception):
    """On Bale, a person presses «English» in /language while saving the choice raises."""
    reza = bot.person(1002, "رضا")
    await reza.command("/language")
    breaks(bot.services.members, error)
    return reza, await reza.press("English")


async def test_a_failing_service_gets_a_polite_answer_and_a_clean_log(tmp_path, caplog):
    async with make_bot(tmp_path, fakes=breakable) as bot:
        maryam = bot.person(1001, "مریم‌ناصری")
        breaks(bot.services.chat_state, RuntimeError("database on fire"))
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
    async with make_bot(tmp_path, platform="bale", fakes=breakable) as bot:
        reza, replies = await press_english_failing(bot, RuntimeError("boom"))
        assert replies[-1].text.startswith("پوزش می‌خواهیم")
        assert all(a.answered for a in reza.callback_answers())


async def test_an_uncaught_refusal_gets_the_polite_refusal_not_an_apology(tmp_path, caplog):
    async with make_bot(tmp_path, fakes=breakable) as bot:
        maryam = bot.person(1001, "مریم")
        await maryam.command("/start")
        member = await bot.services.members.get(1)
        breaks(bot.services.chat_state, NotAllowed("admin"))
        caplog.set_level(logging.INFO)
        replies = await maryam.command("/cancel")
        assert [r.text for r in replies] == [REFUSED_ADMIN]
        assert not [r for r in caplog.records if r.levelno >= logging.ERROR]

        # a PermissionError from a typed flow step: the staff refusal, and the dialog is left
        breaks(bot.services.chat_state, None)
        await bot.services.chat_state.set(member.id, "probe", "step")
        bot.app.bot_data["registry"].add_flow("probe", failing(PermissionError("not staff")))
        replies = await maryam.send("۱۲۳")
        assert [r.text for r in replies] == [REFUSED_STAFF]
        assert await bot.services.chat_state.get(member.id) is None


async def test_an_uncaught_refusal_on_a_button_is_an_alert(tmp_path):
    async with make_bot(tmp_path, platform="bale", fakes=breakable) as bot:
        _reza, replies = await press_english_failing(bot, NotAllowed("staff"))
        assert replies == []  # no apology message; the press is answered with the refusal
        last = bot.sandbox.calls("answerCallbackQuery")[-1].params
        assert last["text"] == REFUSED_STAFF
        assert last.get("show_alert") in (True, "true")
        assert (await bot.services.members.get(1)).locale != "en"


async def test_the_apology_and_the_refusal_speak_the_persons_language(tmp_path):
    async with make_bot(tmp_path, fakes=breakable) as bot:
        sam = bot.person(1003, "Sam", language_code="en")
        await sam.command("/start")
        breaks(bot.services.chat_state, RuntimeError("boom"))
        replies = await sam.command("/cancel")
        assert replies[-1].text == "Sorry, something went wrong. Please try again in a moment."
        breaks(bot.services.chat_state, NotAllowed("admin"))
        replies = await sam.command("/cancel")
        assert replies[-1].text == "Sorry, this part is for admins only; nothing was changed."


def answers_to_last_press(bot, person) -> list:
    """The answerCallbackQuery calls the bot made for the person's last press."""
    query_id = person.callback_answers()[-1].id
    calls = bot.sandbox.calls("answerCallbackQuery")
    return [c for c in calls if c.params.get("callback_query_id") == query_id]


async def test_a_press_is_answered_exactly_once_when_all_goes_well(tmp_path):
    async with make_bot(tmp_path) as bot:
        maryam = bot.person(1001, "مریم")
        await maryam.command("/language")
        await maryam.press("English")
        [answered] = answers_to_last_press(bot, maryam)
        assert answered.ok and answered.params["text"] == "The bot now speaks English."


async def test_a_failing_press_is_answered_exactly_once(tmp_path):
    async with make_bot(tmp_path, platform="bale", fakes=breakable) as bot:
        reza, replies = await press_english_failing(bot, RuntimeError("boom"))
        assert replies[-1].text.startswith("پوزش می‌خواهیم")
        [answered] = answers_to_last_press(bot, reza)
        assert answered.ok


async def test_a_press_whose_answer_timed_out_is_not_answered_again_when_the_handler_fails(
    tmp_path, caplog
):
    """The answer reaches the messenger but its response is lost (a gateway timeout), then the
    edit the press causes fails too: the person gets the apology, and no second answer goes
    out (the messenger would refuse it as too old or already answered)."""
    async with make_bot(tmp_path) as bot:
        maryam = bot.person(1001, "مریم")
        await maryam.command("/language")
        bot.sandbox.fail_next(1, 504, methods="answerCallbackQuery", after_delivery=True)
        bot.sandbox.fail_next(1, 500, methods="editMessageText")
        caplog.set_level(logging.INFO)
        replies = await maryam.press("English")
        assert [r.text for r in replies] == [
            "Sorry, something went wrong. Please try again in a moment."
        ]
        [answered] = answers_to_last_press(bot, maryam)
        assert not answered.ok and answered.status == 504  # delivered, the response lost
        assert maryam.callback_answers()[-1].answered
        assert "the answer to a press failed: NetworkError" in caplog.text


async def test_a_refusal_after_the_press_was_answered_comes_as_a_message(tmp_path):
    """A service refuses (the role changed meanwhile) after the handler answered the press:
    the refusal cannot be a second answer, so it comes as a message."""
    from telegram.ext import CallbackQueryHandler

    from bot.chat.replies import answer
    from tests.handlers.test_authorization_matrix import press_data

    async def answers_then_is_refused(update, ctx):
        await answer(update.callback_query)
        raise NotAllowed("admin")

    async with make_bot(tmp_path) as bot:
        maryam = bot.person(1001, "مریم")
        await maryam.command("/start")
        probe = CallbackQueryHandler(answers_then_is_refused, pattern="^probe:")
        bot.app.handlers[0].insert(0, probe)  # ahead of the catch-all for old buttons
        record, _ = await press_data(maryam, "probe:x", 1)
        calls = bot.sandbox.calls("answerCallbackQuery")
        answers = [c for c in calls if c.params["callback_query_id"] == record.id]
        assert [c.params.get("text") for c in answers] == [None]
        assert maryam.last().text == REFUSED_ADMIN


async def test_a_press_answered_beside_a_failing_edit_is_answered_once(tmp_path):
    """Updates processed concurrently (as `coopbot run` does): the answer goes out beside the
    edit; the edit fails, and the error handler does not answer a second time."""
    from telegram import Update

    from bot.messenger.updates import ChatOrderedUpdateProcessor

    async with make_bot(tmp_path) as bot:
        maryam = bot.person(1001, "مریم")
        await maryam.command("/language")
        bot.sandbox.fail_next(1, 500, methods="editMessageText")
        raw = bot.repair(maryam.person.make_update("press", "English"))
        update = Update.de_json(raw, bot.app.bot)
        processor = ChatOrderedUpdateProcessor(8)
        await processor.process_update(update, bot.app.process_update(update))
        [answered] = answers_to_last_press(bot, maryam)
        assert answered.ok and answered.params["text"] == "The bot now speaks English."
        assert maryam.last().text == "Sorry, something went wrong. Please try again in a moment."
