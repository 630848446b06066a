"""What differs between Telegram and Bale, in one place.

Bale's Bot API mirrors Telegram's but leaves out fields python-telegram-bot requires (for example
`callback_query.chat_instance`). A missing required field makes `Update.de_json` raise, and polling
would then fetch the same batch forever; so every getUpdates result is repaired before parsing,
by a request wrapper that sits on top of the real HTTP transport.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.constants import ParseMode
from telegram.request import BaseRequest, RequestData

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PlatformProfile:
    name: str
    parse_mode: str | None  # None: plain text
    reply_threading: bool  # whether replies may quote the person's message
    webhook_secret_token: bool  # setWebhook accepts secret_token
    webhook_ports: tuple[int, ...]
    supergroups: bool
    inline_mode: bool

    def file_url(self, api_url: str) -> str:
        """`https://host/bot` -> `https://host/file/bot`."""
        head, _, _ = api_url.rstrip("/").rpartition("/bot")
        return f"{head}/file/bot"


TELEGRAM = PlatformProfile(
    name="telegram",
    parse_mode=ParseMode.HTML,
    reply_threading=True,
    webhook_secret_token=True,
    webhook_ports=(443, 80, 88, 8443),
    supergroups=True,
    inline_mode=True,
)

# Bale: plain text until a formatting mode is proven; setWebhook takes only `url` on 443/88.
BALE = PlatformProfile(
    name="bale",
    parse_mode=None,
    reply_threading=False,
    webhook_secret_token=False,
    webhook_ports=(443, 88),
    supergroups=False,
    inline_mode=False,
)

PROFILES = {p.name: p for p in (TELEGRAM, BALE)}


def _fill_user(user: Any) -> None:
    if isinstance(user, dict):
        user.setdefault("is_bot", False)
        user.setdefault("first_name", "")


def _fill_chat(chat: Any) -> None:
    if isinstance(chat, dict):
        chat.setdefault("type", "private")


def _fill_message(message: Any) -> None:
    if not isinstance(message, dict):
        return
    message.setdefault("date", 0)
    _fill_chat(message.get("chat"))
    _fill_user(message.get("from"))
    if isinstance(message.get("chat"), dict) and "id" not in message["chat"]:
        sender = message.get("from") or {}
        if "id" in sender:
            message["chat"]["id"] = sender["id"]
    for key in ("reply_to_message", "pinned_message"):
        _fill_message(message.get(key))


_MESSAGE_KEYS = ("message", "edited_message", "channel_post", "edited_channel_post")


def repair_update(update: dict[str, Any]) -> dict[str, Any]:
    """Complete fields python-telegram-bot requires but some platforms (Bale) leave out.

    Works in place and returns the update. Never removes anything.
    """
    for key in _MESSAGE_KEYS:
        _fill_message(update.get(key))
    query = update.get("callback_query")
    if isinstance(query, dict):
        _fill_user(query.get("from"))
        _fill_message(query.get("message"))
        if "chat_instance" not in query:
            chat = (query.get("message") or {}).get("chat") or {}
            query["chat_instance"] = str(chat.get("id", (query.get("from") or {}).get("id", "")))
    for key in ("my_chat_member", "chat_member"):
        member_update = update.get(key)
        if isinstance(member_update, dict):
            _fill_chat(member_update.get("chat"))
            _fill_user(member_update.get("from"))
            member_update.setdefault("date", 0)
    return update


class RepairingRequest(BaseRequest):
    """Wraps a transport; repairs getUpdates results before python-telegram-bot parses them.

    A batch python-telegram-bot still cannot parse fails as a whole and is fetched again with
    the same offset; only then (the batch starts with the update the last one started with) is
    each update test-parsed and the unparseable ones skipped, so the usual path parses once.
    """

    def __init__(self, inner: BaseRequest) -> None:
        self.inner = inner
        self._last_first_id: object = None

    @property
    def read_timeout(self) -> float | None:
        return self.inner.read_timeout

    async def initialize(self) -> None:
        await self.inner.initialize()

    async def shutdown(self) -> None:
        await self.inner.shutdown()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout=BaseRequest.DEFAULT_NONE,
        write_timeout=BaseRequest.DEFAULT_NONE,
        connect_timeout=BaseRequest.DEFAULT_NONE,
        pool_timeout=BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        return await self.inner.do_request(
            url,
            method,
            request_data,
            read_timeout=read_timeout,
            write_timeout=write_timeout,
            connect_timeout=connect_timeout,
            pool_timeout=pool_timeout,
        )

    # PTB marks post final; Bale's updates must be repaired as parsed JSON, which is here only
    async def post(  # type: ignore[misc, override]
        self, url: str, request_data: RequestData | None = None, **kwargs: Any
    ) -> Any:
        result: Any = await super().post(url, request_data, **kwargs)  # Bale's JSON, unchecked
        if url.endswith("/getUpdates") and isinstance(result, list) and result:
            updates = [repair_update(u) if isinstance(u, dict) else u for u in result]
            first = updates[0].get("update_id") if isinstance(updates[0], dict) else None
            if first is not None and first == self._last_first_id:  # fetched again: it failed
                updates = [parseable(u) if isinstance(u, dict) else u for u in updates]
            self._last_first_id = first
            return updates
        return result


def parseable(update: dict[str, Any]) -> dict[str, Any]:
    """The update if python-telegram-bot can parse it; otherwise only its update_id, so that
    one update of a shape nobody foresaw (a poll without an option id, say) is skipped, logged,
    and polling goes on instead of fetching the same batch forever."""
    try:
        Update.de_json(dict(update), None)
    except Exception as exc:  # any shape error: skip this one update, keep the rest
        kinds = sorted(k for k in update if k != "update_id")
        log.warning(
            "update %s (%s) cannot be parsed and is skipped: %s",
            update.get("update_id"),
            ",".join(kinds),
            type(exc).__name__,
        )
        return {"update_id": update.get("update_id")}
    return update
