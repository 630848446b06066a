"""The only way messages leave the bot from handlers: platform formatting, long texts, edits.

- Telegram gets HTML, Bale plain text (its formatting support is unproven): texts are written
  without markup, and `html=True` marks the few that carry tags, which are stripped for Bale.
- Texts over 4096 UTF-16 units are split on line boundaries; the keyboard goes on the last part.
- An edit that would not change the message is not sent: the pressed message a callback query
  carries shows its text and keyboard, and what this process last put into a message is
  remembered (`SHOWN`), so a press made before an earlier edit landed is never taken for the
  message's present state. "message is not modified" from the server is not an error either:
  the screen already shows what we want.
"""

from __future__ import annotations

import html
import logging
import re
from collections import OrderedDict

from telegram import (
    Bot,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from telegram.error import BadRequest

from bot.messenger.platforms import PlatformProfile

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


_QUOTES = (("&quot;", '"'), ("&#x27;", "'"), ("&#39;", "'"))
# Entities the messenger finds by itself in any text; the others come from formatting.
_FOUND_BY_ITSELF = frozenset(
    {"url", "email", "mention", "hashtag", "cashtag", "bot_command", "phone_number"}
)


def _unquoted(text: str) -> str:
    for escaped, plain in _QUOTES:
        text = text.replace(escaped, plain)
    return text


class ShownMessages:
    """What this process last put into each message it edited (its text, parse mode and
    keyboard), for the most recent `size` messages, by (platform, chat id, message id): one bot
    per messenger in a process."""

    def __init__(self, size: int = 10_000) -> None:
        self.size = size
        self._shown: OrderedDict[tuple[str, int, int], tuple[str, str | None, object]] = (
            OrderedDict()
        )

    def put(self, key: tuple[str, int, int], content: tuple[str, str | None, object]) -> None:
        self._shown[key] = content
        self._shown.move_to_end(key)
        while len(self._shown) > self.size:
            self._shown.popitem(last=False)

    def get(self, key: tuple[str, int, int]) -> tuple[str, str | None, object] | None:
        return self._shown.get(key)

    def clear(self) -> None:
        """Forget everything (a test starting a new messenger whose ids start again)."""
        self._shown.clear()


SHOWN = ShownMessages()


def _keyboard(markup: InlineKeyboardMarkup | None) -> object:
    return None if markup is None else markup.to_dict().get("inline_keyboard")


def _shows(
    message: Message, body: str, mode: str | None, markup: InlineKeyboardMarkup | None
) -> bool:
    """Does the message (as the messenger described it) show this text and keyboard? False
    whenever unsure: no text or keyboard described, or no keyboard wanted (an edit without one
    removes it)."""
    if message.text is None or message.reply_markup is None or markup is None:
        return False
    if _keyboard(message.reply_markup) != _keyboard(markup):
        return False
    if mode is None:
        formatted = any(e.type not in _FOUND_BY_ITSELF for e in message.entities)
        return not formatted and message.text == body
    return _unquoted(message.text_html) == _unquoted(body)


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
    key = (profile.name, message.chat_id, message.message_id)
    content = (body, mode, _keyboard(markup))
    last = SHOWN.get(key)
    if (last is None or last == content) and _shows(message, body, mode, markup):
        return True  # nothing would change: the messenger would refuse it as "not modified"
    try:
        edited = await bot.edit_message_text(
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
            SHOWN.put(key, content)
            return True
        if "message to edit not found" in reason or "can't be edited" in reason:
            return await send(bot, profile, message.chat_id, text, markup, html_markup=html_markup)
        raise
    SHOWN.put(key, content)
    return edited


async def send_document(
    bot: Bot, chat_id: int, data: bytes, filename: str, caption: str | None = None
) -> Message:
    return await bot.send_document(
        chat_id=chat_id, document=data, filename=filename, caption=caption
    )
