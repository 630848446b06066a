"""The only way messages leave the bot from handlers: platform formatting, long texts, edits.

- Telegram gets HTML, Bale plain text (its formatting support is unproven): texts are written
  without markup, and `html=True` marks the few that carry tags, which are stripped for Bale.
- Texts over 4096 UTF-16 units are split on line boundaries; the keyboard goes on the last part.
- "message is not modified" on an edit is not an error: the screen already shows what we want.
"""

from __future__ import annotations

import html
import logging
import re

from telegram import (
    Bot,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from telegram.error import BadRequest

from bot.platforms import PlatformProfile

log = logging.getLogger(__name__)

MAX_TEXT = 4096
Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | None
_TAG = re.compile(r"<[^>]+>")


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Split on line boundaries (hard-cut lines longer than the limit)."""
    if utf16_len(text) <= limit:
        return [text]
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        while utf16_len(line) > limit:
            cut = limit
            while utf16_len(line[:cut]) > limit:
                cut -= 1
            if current:
                parts.append(current)
                current = ""
            parts.append(line[:cut])
            line = line[cut:]
        candidate = f"{current}\n{line}" if current else line
        if utf16_len(candidate) > limit:
            parts.append(current)
            current = line
        else:
            current = candidate
    if current:
        parts.append(current)
    return parts


NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


def _prepare(profile: PlatformProfile, text: str, html_markup: bool) -> tuple[str, str | None]:
    """Plain texts are escaped for HTML platforms; HTML texts are stripped for plain ones."""
    mode = profile.parse_mode
    if mode is None:
        return (html.unescape(_TAG.sub("", text)) if html_markup else text), None
    return (text if html_markup else html.escape(text, quote=False)), mode


async def send(
    bot: Bot,
    profile: PlatformProfile,
    chat_id: int,
    text: str,
    markup: Markup = None,
    *,
    html_markup: bool = False,
) -> Message:
    body, mode = _prepare(profile, text, html_markup)
    parts = split_text(body)
    message: Message | None = None
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        message = await bot.send_message(
            chat_id=chat_id,
            text=part,
            parse_mode=mode,
            reply_markup=markup if last else None,
            link_preview_options=NO_PREVIEW,
        )
    assert message is not None
    return message


async def edit(
    bot: Bot,
    profile: PlatformProfile,
    message: Message,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
    *,
    html_markup: bool = False,
) -> Message | bool:
    """Edit a bot message in place; falls back to a new message when it cannot be edited."""
    body, mode = _prepare(profile, text, html_markup)
    if utf16_len(body) > MAX_TEXT:
        return await send(bot, profile, message.chat_id, text, markup, html_markup=html_markup)
    try:
        return await bot.edit_message_text(
            chat_id=message.chat_id,
            message_id=message.message_id,
            text=body,
            parse_mode=mode,
            reply_markup=markup,
            link_preview_options=NO_PREVIEW,
        )
    except BadRequest as exc:
        reason = str(exc).lower()
        if "not modified" in reason:
            return True
        if "message to edit not found" in reason or "can't be edited" in reason:
            return await send(bot, profile, message.chat_id, text, markup, html_markup=html_markup)
        raise


async def send_document(
    bot: Bot, chat_id: int, data: bytes, filename: str, caption: str | None = None
) -> Message:
    return await bot.send_document(
        chat_id=chat_id, document=data, filename=filename, caption=caption
    )
