"""bot/slowdown.py: the notice to a person whose chat floods, in their language."""

from __future__ import annotations

from types import SimpleNamespace

from telegram import Bot, Update

from bot.config import Settings
from bot.i18n import Translator
from bot.platforms import PROFILES
from bot.services.members import MemberCache
from bot.slowdown import notifier


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
