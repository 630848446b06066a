"""Render one ledger row in its recipient's language and send it; classify what happened.

Payloads (see bot/services/ledger.py for the helpers that build them):
- text: `{"text": {"key": "fluent-key", "args": {...}}, "buttons": [[{"key": ..., "data": ...}]]}`
  arg values: str/int as they are, `{"date": iso}`, `{"datetime": iso}` (Jalali, Persian digits
  for fa), `{"text": "fluent-key"}`, `{"topic": "accounting"}`,
  `{"by_locale": {"fa": ..., "en": ...}}`
- a file: `{"document": {"filename": ..., "b64": ...}, "caption": {"key": ..., "args": ...}}`
- a text as written (a relayed announcement, never through Fluent): `{"plain": "..."}`
- a copy of a message (broadcasts): `{"copy": {"from_chat_id": int, "message_id": int}}`

Errors are mapped to outcomes here; bot/background/jobs.py records them:
- `Forbidden` (403: blocked, deactivated) -> blocked;
- `RetryAfter` (429) -> wait `retry_after` and send the same row again; Bale's 429 "bot limit
  exceed" may come without retry_after (python-telegram-bot then raises a NetworkError with that
  text): wait DEFAULT_FLOOD_WAIT (both read by bot/messenger/pacing.py's `flood_wait`);
- `TimedOut`, `NetworkError`, 5xx -> transient: retried later with a bounded backoff;
- `BadRequest` and anything else -> failed, with the reason (trying again would not help).
"""

from __future__ import annotations

import base64
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from telegram import Bot, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.chat import keyboards, sender
from bot.core.i18n import TextError, Translator, as_written
from bot.messenger.pacing import PacingRateLimiter, bulk, flood_wait
from bot.messenger.platforms import PlatformProfile
from bot.persian.jalali import format_date, format_datetime, format_deadline
from bot.services.members import SUPPORTED_LOCALES
from bot.services.topics import topic_key
from storage.ledger import ClaimedDelivery

log = logging.getLogger(__name__)

Kind = Literal["sent", "blocked", "flood", "transient", "failed"]


@dataclass(frozen=True)
class Result:
    kind: Kind
    message_id: int | None = None
    reason: str | None = None
    wait: float = 0.0  # seconds, for "flood"


class PayloadError(ValueError):
    """A payload the dispatcher cannot render (a bug in whoever planned it)."""


def recipient_locale(delivery: ClaimedDelivery, default: str) -> str:
    if delivery.locale in SUPPORTED_LOCALES:
        return delivery.locale
    code = (delivery.language_code or "").lower()
    for locale in SUPPORTED_LOCALES:
        if code.startswith(locale):
            return locale
    return default


def render_arg(value: Any, locale: str, translator: Translator) -> Any:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, str | int | float) or value is None:
        return value
    if isinstance(value, dict) and len(value) == 1:
        ((kind, inner),) = value.items()
        if kind == "datetime":
            return format_datetime(datetime.fromisoformat(inner), locale)
        if kind == "date":
            return format_date(datetime.fromisoformat(inner), locale)
        if kind == "deadline":
            return format_deadline(datetime.fromisoformat(inner), locale)
        if kind == "text":
            return translator(locale, inner)
        if kind == "topic":
            return translator(locale, topic_key(inner))
        if kind == "by_locale" and isinstance(inner, dict) and inner:
            return inner.get(locale) or inner.get(translator.default) or next(iter(inner.values()))
    raise PayloadError(f"cannot render argument {value!r}")


def render_text(spec: dict[str, Any], locale: str, translator: Translator) -> str:
    try:
        key = spec["key"]
        args = spec.get("args") or {}
    except (KeyError, TypeError) as exc:
        raise PayloadError(f"text spec {spec!r} has no key") from exc
    rendered = {name: render_arg(value, locale, translator) for name, value in args.items()}
    try:
        return translator.checked(locale, key, **rendered)
    except TextError as exc:  # never sent garbled (e.g. `{???}`): recorded as failed
        raise PayloadError(str(exc)) from exc


def render_buttons(
    rows: list[list[dict[str, str]]] | None, locale: str, translator: Translator
) -> InlineKeyboardMarkup | None:
    if not rows:
        return None
    try:
        return keyboards.inline(
            [[(translator(locale, b["key"]), b["data"]) for b in row] for row in rows]
        )
    except (KeyError, TypeError) as exc:
        raise PayloadError(f"buttons {rows!r}: {exc}") from exc


class Deliverer:
    """Sends ledger rows for one messenger through bot/chat/sender.py."""

    def __init__(self, bot: Bot, profile: PlatformProfile, translator: Translator) -> None:
        self.bot = bot
        self.profile = profile
        self.translator = translator

    @property
    def _pacing(self) -> PacingRateLimiter | None:
        limiter = getattr(self.bot, "rate_limiter", None)
        return limiter if isinstance(limiter, PacingRateLimiter) else None

    async def ready(self, delivery: ClaimedDelivery) -> None:
        """Wait until the messenger's pacing would let this row's call out at once (the chat's
        429 hold and limiter): the dispatcher waits here before it marks the row "sending"."""
        pacing = self._pacing
        if pacing is not None and delivery.chat_id is not None:
            await pacing.chat_ready(delivery.chat_id)

    async def budget_ready(self) -> None:
        """Wait until the bot-wide budget has a token for the next call (see `ready`)."""
        pacing = self._pacing
        if pacing is not None:
            await pacing.bulk_ready()

    async def deliver(self, delivery: ClaimedDelivery) -> Result:
        locale = recipient_locale(delivery, self.translator.default)
        try:
            # the bot's own sending: the bot-wide budget applies (bot/messenger/pacing.py)
            with bulk():
                message_id = await self._send(delivery, locale)
        except RetryAfter as exc:
            return Result("flood", reason=str(exc), wait=flood_wait(exc) or 0.0)
        except Forbidden as exc:
            return Result("blocked", reason=str(exc))
        except BadRequest as exc:
            return Result("failed", reason=f"BadRequest: {exc}")
        except NetworkError as exc:  # TimedOut, 5xx, connection errors, 429 without retry_after
            text = str(exc)
            if (wait := flood_wait(exc)) is not None:
                return Result("flood", reason=text, wait=wait)
            return Result("transient", reason=f"{type(exc).__name__}: {text}")
        except TelegramError as exc:
            return Result("failed", reason=f"{type(exc).__name__}: {exc}")
        except PayloadError as exc:
            log.error("delivery %s has a bad payload: %s", delivery.id, exc)
            return Result("failed", reason=f"payload: {exc}")
        return Result("sent", message_id=message_id)

    async def _send(self, delivery: ClaimedDelivery, locale: str) -> int:
        payload = delivery.payload
        chat_id = delivery.chat_id
        assert chat_id is not None
        if "copy" in payload:
            copy = payload["copy"]
            result = await self.bot.copy_message(
                chat_id=chat_id,
                from_chat_id=copy["from_chat_id"],
                message_id=copy["message_id"],
                reply_markup=render_buttons(payload.get("buttons"), locale, self.translator),
            )
            return result.message_id
        if "document" in payload:
            doc = payload["document"]
            try:
                data = base64.b64decode(doc["b64"], validate=True)
                filename = doc["filename"]
            except (KeyError, ValueError, TypeError) as exc:
                raise PayloadError(f"document payload: {exc}") from exc
            caption = payload.get("caption")
            text = render_text(caption, locale, self.translator) if caption else None
            message = await sender.send_document(self.bot, chat_id, data, filename, text)
            return message.message_id
        if "text" in payload or "plain" in payload:
            if "plain" in payload:
                text = as_written(str(payload["plain"]), locale)
            else:
                text = render_text(payload["text"], locale, self.translator)
            markup = render_buttons(payload.get("buttons"), locale, self.translator)
            message = await sender.send(
                self.bot, self.profile, chat_id, text, markup, html_markup=False
            )
            return message.message_id
        raise PayloadError(f"payload has none of text, plain, document, copy: {sorted(payload)}")
