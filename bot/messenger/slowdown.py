"""What a person whose chat floods the bot gets (bot/messenger/updates.py drops what is beyond the
limit).

Told once (at most once a minute), in their language, that some of their latest messages were not
handled; a dropped button press is answered without a text, so their client stops waiting. The
dropped updates themselves are neither handled nor logged (only counted, by
bot/messenger/updates.py).
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application

from bot.chat import sender
from bot.messenger.updates import OnDropped
from bot.services.members import locale_of_code

log = logging.getLogger(__name__)


def notifier(app: Application) -> OnDropped:
    async def dropped(update: object, tell: bool) -> None:
        if not isinstance(update, Update):
            return
        services = app.bot_data["services"]
        profile = app.bot_data["platform"]
        chat, user = update.effective_chat, update.effective_user
        try:
            if tell and chat is not None and chat.type == "private" and user is not None:
                # the person as last seen (their chosen language), else what the messenger says
                known = services.members.cache.get(profile.name, user.id)
                locale = (
                    services.members.locale(known)
                    if known
                    else locale_of_code(user.language_code, services.settings.default_locale)
                )
                text = services.translator(locale, "flood-slow-down")
                await sender.send(app.bot, profile, chat.id, text)
            if update.callback_query is not None:
                await update.callback_query.answer()
        except TelegramError as exc:
            where = chat.id if chat is not None else "(no chat)"  # a press on an inline message
            log.warning("could not tell %s %s to slow down: %s", profile.name, where, exc)

    return dropped
