"""The typed CallbackContext every handler receives."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from telegram.ext import Application, CallbackContext, ExtBot

from bot.core.i18n import localize_digits
from bot.messenger.platforms import PlatformProfile

if TYPE_CHECKING:
    from bot.services.container import Services
    from storage.members import Member


class CoopContext(CallbackContext[ExtBot, dict, dict, dict]):
    """Adds the services, the platform, and the person behind the update (set in group -1)."""

    def __init__(self, application: Application, chat_id=None, user_id=None) -> None:
        super().__init__(application, chat_id=chat_id, user_id=user_id)
        self.member: Member | None = None
        self.locale: str = application.bot_data.get("default_locale", "fa")

    @property
    def services(self) -> Services:
        return cast("Services", self.application.bot_data["services"])  # set by bot/app.py

    @property
    def platform(self) -> PlatformProfile:
        return cast(PlatformProfile, self.application.bot_data["platform"])  # set by bot/app.py

    def t(self, key: str, **args: object) -> str:
        return self.services.translator(self.locale, key, **args)

    def digits(self, text: object) -> str:
        """Figures in the reader's digits (Persian digits in Persian)."""
        return localize_digits(text, self.locale)

    def has(self, key: str) -> bool:
        return self.services.translator.has(key, self.locale)

    def require_member(self) -> Member:
        if self.member is None:
            raise RuntimeError("handler reached without a member (group -1 did not run)")
        return self.member
