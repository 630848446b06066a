"""bot/messenger/slowdown.py: the notice to a person whose chat floods, in their language."""

from __future__ import annotations

from types import SimpleNamespace

from telegram import Bot, Update
from telegram.error import TelegramError

from bot.core.config import Settings
from bot.core.i18n import Translator
from bot.messenger.platforms import PROFILES
from bot.messenger.slowdown import notifier
from bot.services.members import MemberCache


class FakeBot:
    def __init__(self) -> None:
        self.sent: list[tuple[int, str]] = []

    async def send_message(self, chat_id: int, text: str, **_kw: object) -> object:
        self.sent.append((chat_id, text))
        return SimpleNamespace(message_id=1)


def text_update(language_code: str | None) -> Update:
    user = {"id": 5, "is_bot": False, "first_name": "x"}
    if language_code:
        user["language_code"] = language_code
    return Update.de_json(
        {
            "update_id": 1,
            "message": {
                "message_id": 1,
                "date": 0,
                "chat": {"id": 5, "type": "private"},
                "from": user,
                "text": "spam",
            },
        },
        Bot("1:x"),
    )


def fake_app(bot: FakeBot) -> SimpleNamespace:
    settings = Settings(_env_file=None, default_locale="fa")
    members = SimpleNamespace(cache=MemberCache(), locale=lambda m: "fa")
    services = SimpleNamespace(settings=settings, members=members, translator=Translator())
    return SimpleNamespace(
        bot=bot, bot_data={"services": services, "platform": PROFILES["telegram"]}
    )


async def test_told_in_the_messengers_language_when_not_in_memory_and_only_when_asked():
    t = Translator()
    bot = FakeBot()
    dropped = notifier(fake_app(bot))
    await dropped(text_update("en-US"), True)
    await dropped(text_update("en-US"), False)  # later drops of the same flood: silent
    await dropped(text_update(None), True)  # no language_code (Bale): the default, Persian
    assert bot.sent == [(5, t("en", "flood-slow-down")), (5, t("fa", "flood-slow-down"))]
    assert t("fa", "flood-slow-down").startswith("لطفاً")  # a Persian line starts right to left


class RefusingBot(FakeBot):
    async def answer_callback_query(self, *_a: object, **_kw: object) -> bool:
        raise TelegramError("Query is too old and response timeout expired")


async def test_a_press_without_a_chat_whose_answer_fails_is_logged_not_raised(caplog):
    # a button of an inline message: the update has no chat (effective_chat is None)
    bot = RefusingBot()
    press = {
        "update_id": 2,
        "callback_query": {
            "id": "q1",
            "from": {"id": 5, "is_bot": False, "first_name": "x"},
            "chat_instance": "c",
            "inline_message_id": "m1",
            "data": "x",
        },
    }
    update = Update.de_json(press, bot)  # a stand-in bot: only answer_callback_query is called
    assert update.effective_chat is None
    await notifier(fake_app(bot))(update, True)
    assert bot.sent == []
    assert "could not tell telegram (no chat) to slow down" in caplog.text
