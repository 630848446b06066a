"""What differs between Telegram and Bale, in one place.

Bale's Bot API mirrors Telegram's but leaves out fields python-telegram-bot requires (for example
`callback_query.chat_instance`). A missing required field makes `Update.de_json` raise, and polling
would then fetch the same batch forever; so every getUpdates result is repaired before parsing,
by a request wrapper that sits on top of the real HTTP transport.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable
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
    each update test-parsed and an unparseable one repaired (`parseable`: the parts that fail
    are left out), so the usual path parses once.
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
    """The update if python-telegram-bot can parse it; otherwise repaired: only the parts it
    cannot parse are left out (an odd reply_markup, an unknown entity, a poll option without an
    id...), found by parsing again without them, deepest first. Only if nothing else works does
    the update keep just its update_id, so that one update of a shape nobody foresaw is passed
    on, logged, and polling goes on instead of fetching the same batch forever. The log names
    the parts left out (field names and positions), never their content."""
    repair = _Repair()
    if repair.error(update) is None:
        return update
    try:
        # part() of a dict is a dict with parts left out, or _DROP (checked below)
        repaired: dict[str, Any] = repair.part(update, _as_is, "")
    except _OutOfTries:
        repaired = _DROP
    if repaired is _DROP:
        kinds = sorted(k for k in update if k != "update_id")
        log.warning(
            "update %s (%s) cannot be parsed and is skipped: %s",
            update.get("update_id"),
            ",".join(kinds),
            type(repair.first_error).__name__,
        )
        return {"update_id": update.get("update_id")}
    log.warning(
        "update %s could not be parsed as sent (%s); left out: %s",
        update.get("update_id"),
        type(repair.first_error).__name__,
        ", ".join(repair.dropped),
    )
    return repaired


class _Dropped:
    """Stands for a part that must be left out."""


_DROP: Any = _Dropped()
_MAX_TRIES = 500  # parses spent on one update (~1 ms each) before it is reduced to its id


class _OutOfTries(Exception):
    pass


def _as_is(value: Any) -> Any:
    return value


def _names(error: Exception, key: object) -> bool:
    """Does the parse error name this field as missing ('key' or `key`)?"""
    text = str(error)
    return f"'{key}'" in text or f"`{key}`" in text


class _Repair:
    """Finds the parts of one update python-telegram-bot cannot parse."""

    def __init__(self) -> None:
        self.tries = 0
        self.first_error: Exception | None = None
        self.dropped: list[str] = []

    def error(self, update: Any) -> Exception | None:
        if self.tries >= _MAX_TRIES:
            raise _OutOfTries
        self.tries += 1
        try:
            Update.de_json(copy.deepcopy(update), None)
        except Exception as exc:  # any shape error
            self.first_error = self.first_error or exc
            return exc
        return None

    def part(self, value: Any, place: Callable[[Any], Any], path: str) -> Any:
        """`value` (the part at `path`; `place` puts a version of it back into the whole
        update) with as little left out as makes the update parse; _DROP if only leaving the
        whole part out does."""
        if self.error(place(value)) is None:
            return value
        if not isinstance(value, dict | list) or not value:
            return _DROP
        parts: dict[Any, Any] = dict(value.items() if isinstance(value, dict) else enumerate(value))

        def build(kept: dict[Any, Any]) -> Any:
            if isinstance(value, dict):
                return {k: kept[k] for k in parts if k in kept}
            return [kept[k] for k in parts if k in kept]

        def placed(kept: dict[Any, Any], key: Any) -> Callable[[Any], Any]:
            return lambda v: place(build({**kept, key: v}))

        required: list[Any] = []
        aside: list[Any] = []
        for key in parts:
            without = {k: v for k, v in parts.items() if k != key}
            error = self.error(place(build(without)))
            if error is None:  # this part alone is at fault: repair it, or leave it out
                return build(self.keep(parts[key], without, key, placed(without, key), path))
            if isinstance(value, dict) and _names(error, key):
                required.append(key)
            else:
                aside.append(key)
        # several parts at fault: set aside all that may be left out (a field named missing
        # comes back), repair the required ones once (a part that is fine comes back as it is:
        # nothing fits while another is at fault); then bring the others back one by one, each
        # repaired or left out
        kept = {k: parts[k] for k in required}
        repaired = False
        while (error := self.error(place(build(kept)))) is not None:
            missing = [k for k in aside if _names(error, k)]
            if missing:
                aside = [k for k in aside if k not in missing]
                kept.update((k, parts[k]) for k in missing)
            elif not repaired:
                repaired = True
                for key in [k for k in kept if isinstance(kept[k], dict | list)]:
                    fixed = self.part(kept[key], placed(kept, key), f"{path}.{key}")
                    kept[key] = kept[key] if fixed is _DROP else fixed
            else:
                return _DROP
        for key in aside:
            kept = self.keep(parts[key], kept, key, placed(kept, key), path)
        return build(kept)

    def keep(
        self, value: Any, kept: dict[Any, Any], key: Any, place: Callable[[Any], Any], path: str
    ) -> dict[Any, Any]:
        """`kept` with the part `key` added back, repaired, or left out (and noted)."""
        fixed = self.part(value, place, f"{path}.{key}")
        if fixed is _DROP:
            self.dropped.append(f"{path}.{key}".lstrip("."))
            return kept
        return {**kept, key: fixed}
