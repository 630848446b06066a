"""Bot API methods of the sandbox: parameter decoding against the spec, then the behaviour.

Every handler takes ``(api, bot, params)`` and returns the JSON-able ``result`` or raises
:class:`~sandbox.errors.ApiError` with Telegram's error text.
"""

from __future__ import annotations

import json
import re
import struct
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from sandbox import errors as E
from sandbox.config import SandboxConfig
from sandbox.errors import ApiError, bad_request
from sandbox.ratelimit import TokenBucket, retry_after_seconds
from sandbox.spec import METHOD_FIELDS, inline_button_actions
from sandbox.state import (
    BotState,
    ChatState,
    SandboxState,
    StoredFile,
    StoredMessage,
)
from sandbox.text import EntityParseError, ParsedText, parse_text

__all__ = ["HANDLERS", "UploadedFile", "coerce_params", "handler_for"]

_INLINE_ACTIONS = inline_button_actions()
_URL_RE = re.compile(r"^(https?|tg)://[^\s]+$", re.IGNORECASE)
_COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")
_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
_PARSE_MODES = frozenset({"html", "markdown", "markdownv2"})


@dataclass
class UploadedFile:
    """A multipart file part."""

    filename: str | None
    content_type: str | None
    data: bytes


# ---------------------------------------------------------------------------------------------
# parameter decoding
# ---------------------------------------------------------------------------------------------
_MISSING = {
    "chat_id": "chat_id is empty",
    "text": E.TEXT_EMPTY,
    "message_id": "message identifier is not specified",
    "document": "there is no document in the request",
    "photo": "there is no photo in the request",
    "video": "there is no video in the request",
    "from_chat_id": "from_chat_id is empty",
    "callback_query_id": E.QUERY_TOO_OLD,
}


def _json_error(name: str) -> ApiError:
    if name == "reply_markup":
        return bad_request("can't parse reply keyboard markup JSON object")
    if name in ("entities", "caption_entities"):
        return bad_request("can't parse entities JSON object")
    return bad_request(f"can't parse {name} JSON object")


def _coerce(name: str, types: tuple[str, ...], value: Any, files: dict[str, UploadedFile]) -> Any:
    if isinstance(value, UploadedFile):
        if any(t == "InputFile" for t in types):
            return value
        raise bad_request(f"can't use file upload for parameter {name}")
    is_file = "InputFile" in types
    if is_file and isinstance(value, str) and value.startswith("attach://"):
        part = files.get(value[len("attach://") :])
        if part is None:
            raise bad_request("wrong file identifier/HTTP URL specified")
        return part
    if types == ("String",) or (is_file and "String" in types):
        if isinstance(value, str):
            return value
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int | float):
            return str(value)
        return json.dumps(value, ensure_ascii=False)
    if "Integer" in types:
        if isinstance(value, bool):
            raise bad_request(f"invalid {name} specified")
        if isinstance(value, int):
            return value
        if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
            return int(value)
        if "String" in types and isinstance(value, str):
            return value
        if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\.\d*\s*", value):
            value = float(value)  # PTB sends fractional timeouts such as "0.5"
        if isinstance(value, float):
            return int(value) if value.is_integer() else value
        raise bad_request(f"invalid {name} specified")
    if types == ("Float",):
        try:
            return float(value)
        except (TypeError, ValueError):
            raise bad_request(f"invalid {name} specified") from None
    if types == ("Boolean",):
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("true", "1"):
            return True
        if text in ("false", "0", ""):
            return False
        raise bad_request(f"invalid {name} specified")
    # objects and arrays: JSON-serialised in form fields, native in JSON bodies
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise _json_error(name) from None
    expect_list = all(t.startswith("Array of ") for t in types)
    if expect_list and not isinstance(value, list):
        raise _json_error(name)
    if not expect_list and not isinstance(value, dict | list):
        raise _json_error(name)
    return value


def coerce_params(
    method: str, raw: dict[str, Any], files: dict[str, UploadedFile]
) -> tuple[dict[str, Any], list[str]]:
    """Decode raw request values by the spec's field types; check required fields.

    Returns the decoded parameters (unknown ones included, undecoded) and the unknown names.
    """
    fields = METHOD_FIELDS.get(method, {})
    params: dict[str, Any] = {}
    unknown: list[str] = []
    for name, value in raw.items():
        spec = fields.get(name)
        if spec is None:
            unknown.append(name)
            params[name] = value
            continue
        params[name] = _coerce(name, spec[0], value, files)
    for name, part in files.items():
        if name in fields and name not in params:
            params[name] = part
    for name, (_types, required) in fields.items():
        if not required:
            continue
        value = params.get(name)
        empty_ok = method == "setWebhook" and name == "url"
        if value is None or (value == "" and not empty_ok):
            raise bad_request(_MISSING.get(name, f"{name} is empty"))
    return params, unknown


# ---------------------------------------------------------------------------------------------
# shared checks
# ---------------------------------------------------------------------------------------------
def _now() -> int:
    return int(time.time())


def resolve_chat(bot: BotState, chat_id: Any) -> ChatState:
    chat: ChatState | None = None
    if isinstance(chat_id, int):
        chat = bot.chat(chat_id)
    elif isinstance(chat_id, str) and chat_id.startswith("@"):
        name = chat_id[1:].lower()
        chat = next(
            (c for c in bot.chats.values() if (c.username or "").lower() == name and name), None
        )
    if chat is None:
        raise bad_request(E.CHAT_NOT_FOUND)
    return chat


def check_reachable(chat: ChatState) -> None:
    if chat.type != "private":
        return
    if chat.deactivated:
        raise E.forbidden("user is deactivated")
    if chat.blocked:
        raise E.forbidden(E.BLOCKED)
    if not chat.started:
        raise E.forbidden("bot can't initiate conversation with a user")


def check_text(
    bot: BotState,
    text: str | None,
    parse_mode: str | None,
    entities: list[Any] | None,  # the request's JSON: checked below
    *,
    limit: int,
    caption: bool = False,
) -> ParsedText | None:
    if parse_mode is not None and parse_mode.strip() and not bot.is_bale:
        if parse_mode.strip().lower() not in _PARSE_MODES:
            raise bad_request("unsupported parse_mode")
    if text is None:
        if caption:
            return None
        raise bad_request(E.TEXT_EMPTY)
    try:
        parsed = parse_text(text, parse_mode, parse=not bot.is_bale)
    except EntityParseError as exc:
        raise bad_request(f"can't parse entities: {exc}") from None
    if entities and not parse_mode:
        parsed.entities = [dict(e) for e in entities if isinstance(e, dict)]
    if not parsed.text:
        if caption:
            return None
        raise bad_request(E.TEXT_EMPTY)
    if parsed.length > limit:
        raise bad_request(E.CAPTION_TOO_LONG if caption else E.TEXT_TOO_LONG)
    return parsed


def _check_inline_button(api: SandboxState, button: Any) -> None:
    if not isinstance(button, dict):
        raise bad_request(
            "can't parse inline keyboard button: InlineKeyboardButton must be an Object"
        )
    text = button.get("text")
    if text is None:
        raise bad_request("can't parse inline keyboard button: Can't find field \"text\"")
    if not isinstance(text, str):
        raise bad_request(
            'can\'t parse inline keyboard button: Field "text" must be of type String'
        )
    if not text.strip():
        raise bad_request("BUTTON_TEXT_INVALID")
    actions = [k for k in _INLINE_ACTIONS if k in button and button[k] is not None]
    if not actions:
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    if len(actions) > 1:
        raise bad_request(
            "can't parse inline keyboard button: exactly one of the optional fields must be "
            f"used, got {', '.join(actions)}"
        )
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str):
            raise bad_request(
                'can\'t parse inline keyboard button: Field "callback_data" must be of type String'
            )
        size = len(data.encode("utf-8"))
        if size < 1 or size > api.config.max_callback_data_bytes:
            raise bad_request(E.BUTTON_DATA_INVALID)
    if "url" in button:
        url = button["url"]
        if not isinstance(url, str) or not _URL_RE.match(url):
            raise bad_request(f"inline keyboard button URL '{url}' is invalid: Wrong HTTP URL")


def _check_rows(markup: dict[str, Any], key: str, type_name: str) -> list[list[Any]]:
    rows = markup.get(key)
    if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
        raise bad_request(f'field "{key}" of the {type_name} should be an Array of Arrays')
    return rows


def check_markup(
    api: SandboxState, markup: Any, *, inline_only: bool = False
) -> dict[str, Any] | None:
    """Validate ``reply_markup`` like Telegram; returns it (or None if absent)."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        rows = _check_rows(markup, "inline_keyboard", "InlineKeyboardMarkup")
        count = 0
        for row in rows:
            for button in row:
                _check_inline_button(api, button)
                count += 1
        if count > api.config.max_inline_buttons:
            raise bad_request("reply markup is too long")
        return markup
    if inline_only:
        raise bad_request("inline keyboard expected")
    if "keyboard" in markup:
        rows = _check_rows(markup, "keyboard", "ReplyKeyboardMarkup")
        for row in rows:
            for button in row:
                label = button if isinstance(button, str) else None
                if isinstance(button, dict):
                    label = button.get("text")
                if not isinstance(label, str):
                    raise bad_request("can't parse keyboard button: Can't find field \"text\"")
                if not label.strip():
                    raise bad_request("BUTTON_TEXT_INVALID")
        return markup
    if markup.get("remove_keyboard") or markup.get("force_reply"):
        return markup
    raise bad_request("can't parse reply keyboard markup JSON object")


def is_reply(cfg: SandboxConfig, chat: ChatState, now: float) -> bool:
    """A message to a chat whose person wrote to the bot lately answers them (not bulk)."""
    wrote = chat.last_update_at
    return wrote is not None and now - wrote <= cfg.reply_window_s


def check_rate(api: SandboxState, bot: BotState, chat: ChatState, method: str) -> None:
    """Flood control with token buckets; raises 429 (Telegram or Bale flavour)."""
    cfg = api.config
    if not cfg.rate_limit_enabled or method not in cfg.rate_limited_methods:
        return
    now = cfg.clock()
    buckets: list[TokenBucket] = []
    if cfg.global_rate and (cfg.global_scope == "all" or not is_reply(cfg, chat, now)):
        if bot.global_bucket is None:
            bot.global_bucket = TokenBucket(cfg.global_rate, max(1, cfg.global_burst))
        bot.global_bucket.reconfigure(cfg.global_rate, max(1, cfg.global_burst))
        buckets.append(bot.global_bucket)
    if chat.type == "private":
        rate, burst = cfg.chat_rate, cfg.chat_burst
    else:
        rate = (cfg.group_rate_per_min or 0) / 60.0 or None
        burst = cfg.group_burst
    if rate:
        if chat.bucket is None:
            chat.bucket = TokenBucket(rate, max(1, burst))
        chat.bucket.reconfigure(rate, max(1, burst))
        buckets.append(chat.bucket)
    wait = max((b.wait_time(now) for b in buckets), default=0.0)
    if wait > 0:
        retry = retry_after_seconds(wait)
        if bot.is_bale:
            raise E.too_many_requests(
                retry if cfg.bale_retry_after else None, cfg.bale_rate_limit_description
            )
        raise E.too_many_requests(retry)
    for b in buckets:
        b.take(now)


def _reply_to(
    api: SandboxState, bot: BotState, chat: ChatState, params: dict[str, Any]
) -> int | None:
    target: int | None = None
    allow_missing = bool(params.get("allow_sending_without_reply"))
    legacy = params.get("reply_to_message_id")
    if legacy not in (None, ""):
        try:
            target = int(legacy)
        except (TypeError, ValueError):
            raise bad_request("invalid reply_to_message_id specified") from None
    rp = params.get("reply_parameters")
    if isinstance(rp, str):
        try:
            rp = json.loads(rp)
        except ValueError:
            raise _json_error("reply_parameters") from None
    ignore = bot.is_bale and api.config.bale_ignore_reply_parameters
    if isinstance(rp, dict) and not ignore:
        target = rp.get("message_id", target)
        allow_missing = allow_missing or bool(rp.get("allow_sending_without_reply"))
    if target is None:
        return None
    msg = chat.messages.get(int(target))
    if msg is None or msg.deleted:
        if allow_missing:
            return None
        raise bad_request("message to be replied not found")
    return int(target)


def store_bot_message(
    api: SandboxState,
    bot: BotState,
    chat: ChatState,
    *,
    kind: str,
    markup: dict[str, Any] | None,
    parsed: ParsedText | None = None,
    sent_text: str | None = None,
    parse_mode: str | None = None,
    caption: ParsedText | None = None,
    sent_caption: str | None = None,
    file: StoredFile | None = None,
    contact: dict[str, Any] | None = None,
    reply_to: int | None = None,
    copied_from: tuple[int, int] | None = None,
) -> StoredMessage:
    msg = StoredMessage(
        message_id=chat.new_message_id(),
        chat_id=chat.id,
        token=bot.token,
        from_bot=True,
        date=_now(),
        kind=kind,
        chat=chat.to_api(),
        sender=bot_user_short(bot),
        text=parsed.text if parsed is not None and kind == "text" else None,
        sent_text=sent_text,
        parse_mode=parse_mode,
        entities=list(parsed.entities) if parsed is not None and kind == "text" else [],
        caption=caption.text if caption is not None else None,
        sent_caption=sent_caption,
        caption_entities=list(caption.entities) if caption is not None else [],
        reply_markup=markup,
        file=file,
        contact=contact,
        reply_to_message_id=reply_to,
        copied_from=copied_from,
        sent_at=time.monotonic(),
    )
    chat.messages[msg.message_id] = msg
    _track_reply_keyboard(chat, msg)
    chat.touch()
    chat.delivered += 1
    return msg


def _track_reply_keyboard(chat: ChatState, msg: StoredMessage) -> None:
    markup = msg.reply_markup or {}
    if "keyboard" in markup:
        chat.reply_keyboard_message_id = msg.message_id
    elif markup.get("remove_keyboard"):
        chat.reply_keyboard_message_id = None


def bot_user_short(bot: BotState) -> dict[str, Any]:
    return {
        "id": bot.id,
        "is_bot": True,
        "first_name": bot.user["first_name"],
        "username": bot.username,
    }


def _editable_message(bot: BotState, params: dict[str, Any]) -> tuple[ChatState, StoredMessage]:
    if params.get("inline_message_id"):
        raise bad_request("MESSAGE_ID_INVALID")
    if params.get("chat_id") in (None, ""):
        raise bad_request("chat_id is empty")
    if params.get("message_id") in (None, ""):
        raise bad_request("message identifier is not specified")
    chat = resolve_chat(bot, params["chat_id"])
    check_reachable(chat)
    msg = chat.messages.get(int(params["message_id"]))
    if msg is None or msg.deleted:
        raise bad_request(E.MESSAGE_TO_EDIT_NOT_FOUND)
    if not msg.from_bot:
        raise bad_request("message can't be edited")
    return chat, msg


def _inline_part(markup: dict[str, Any] | None) -> dict[str, Any] | None:
    if markup and markup.get("inline_keyboard"):
        return markup
    return None


def _apply_edit(api: SandboxState, chat: ChatState, msg: StoredMessage, **changes: Any) -> dict:
    msg.versions.append(msg.snapshot())
    for key, value in changes.items():
        setattr(msg, key, value)
    msg.edit_date = _now()
    chat.touch()
    return msg.to_api(chat_state=chat)


# ---------------------------------------------------------------------------------------------
# method handlers
# ---------------------------------------------------------------------------------------------
Handler = Callable[[SandboxState, BotState, dict[str, Any]], Awaitable[Any]]


async def get_me(api: SandboxState, bot: BotState, p: dict[str, Any]) -> Any:
    return dict(bot.user)


async def log_out(api: SandboxState, bot: BotState, p: dict[str, Any]) -> Any:
    return True


async def get_updates(api: SandboxState, bot: BotState, p: dict[str, Any]) -> Any:
    if bot.webhook.get("url"):
        raise E.conflict(
            "can't use getUpdates method while webhook is active; use deleteWebhook to delete "
            "the webhook first"
        )
    allowed = p.get("allowed_updates")
    if allowed is not None:
        bot.allowed_updates = list(allowed) or None
    offset = p.get("offset")
    if offset:
        if offset > 0:
            bot.confirm(offset)
        else:
            keep = -offset
            if len(bot.updates) > keep:
                bot.updates = bot.updates[-keep:]
    limit = p.get("limit") or api.config.max_updates_per_call
    limit = max(1, min(int(limit), api.config.max_updates_per_call))
    timeout = max(0.0, min(float(p.get("timeout") or 0), api.config.max_poll_timeout_s))

    bot.poll_generation += 1
    generation = bot.poll_generation
    bot.pollers += 1
    api.notify()  # wakes (and so terminates) an older pending getUpdates

    def available() -> bool:
        bot.updates = [u for u in bot.updates if bot.is_allowed(u.kind)]
        return bool(bot.updates)

    def done() -> bool:
        return api.closing or generation != bot.poll_generation or available()

    try:
        if timeout > 0:
            try:
                await api.signal.wait_for(done, timeout)
            except TimeoutError:
                pass
        else:
            available()
    finally:
        bot.pollers -= 1
    if generation != bot.poll_generation and api.config.getupdates_conflict:
        raise E.conflict(
            "terminated by other getUpdates request; make sure that only one bot instance is "
            "running"
        )
    batch = bot.updates[:limit]
    for item in batch:
        item.fetched = True
    return [item.data for item in batch]


async def set_webhook(api: SandboxState, bot: BotState, p: dict[str, Any]) -> Any:
    url = p.get("url") or ""
    if url and not url.lower().startswith("https://"):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    info: dict[str, Any] = {"url": url}
    for key in ("max_connections", "ip_address", "allowed_updates"):
        if p.get(key) is not None:
            info[key] = p[key]
    if p.get("secret_token") is not None:
        # Bale reportedly takes only ``url``; record what was sent either way.
        info["secret_token"] = p["secret_token"]
    if p.get("certificate") is not None:
        info["has_custom_certificate"] = True
    bot.webhook = info
    if p.get("allowed_updates") is not None:
        bot.allowed_updates = list(p["allowed_updates"]) or None
    if p.get("drop_pending_updates"):
        bot.updates.clear()
    return True


async def delete_webhook(api: SandboxState, bot: BotState, p: dict[str, Any]) -> Any:
    bot.webhook = {"url": ""}
    if p.get("drop_pending_updates"):
        bot.updates.clear()
    return True


async def get_webhook_info(api: SandboxState, bot: BotState, p: dict[str, Any]) -> Any:
    info: dict[str, Any] = {
        "url": bot.webhook.get("url", ""),
        "has_custom_certificate": bool(bot.webhook.get("has_custom_certificate")),
        "pending_update_count": bot.pending_updates,
    }
    for key in ("max_connections", "ip_address", "allowed_updates"):
        if key in bot.webhook:
            info[key] = bot.webhook[key]
    if "allowed_updates" not in info and bot.allowed_updates:
        info["allowed_updates"] = list(bot.allowed_updates)
    return info


def _commands_key(bot: BotState, p: dict[str, Any]) -> tuple[str, str]:
    lang = p.get("language_code") or ""
    if lang and not re.fullmatch(r"[a-z]{2}", lang):
        raise bad_request("invalid language code specified")
    scope = p.get("scope")
    if scope is not None and (not isinstance(scope, dict) or "type" not in scope):
        raise bad_request("can't parse BotCommandScope JSON object")
    return bot.scope_key(scope), lang


async def set_my_commands(api: SandboxState, bot: BotState, p: dict[str, Any]) -> Any:
    commands = p["commands"]
    if len(commands) > 100:
        raise bad_request("too many commands specified")
    clean = []
    for cmd in commands:
        if not isinstance(cmd, dict):
            raise bad_request("can't parse BotCommand JSON object")
        name = str(cmd.get("command", ""))
        desc = str(cmd.get("description", ""))
        if not _COMMAND_RE.match(name.lstrip("/").lower()) or name != name.lower():
            raise bad_request("BOT_COMMAND_INVALID")
        if not desc.strip() or len(desc) > 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        clean.append({"command": name.lstrip("/"), "description": desc})
    key = _commands_key(bot, p)
    if clean:
        bot.commands[key] = clean
    else:
        bot.commands.pop(key, None)
    return True


async def get_my_commands(api: SandboxState, bot: BotState, p: dict[str, Any]) -> Any:
    return [dict(c) for c in bot.commands.get(_commands_key(bot, p), [])]


async def delete_my_commands(api: SandboxState, bot: BotState, p: dict[str, Any]) -> Any:
    bot.commands.pop(_commands_key(bot, p), None)
    return True


async def send_message(api: SandboxState, bot: BotState, p: dict[str, Any]) -> Any:
    chat = resolve_chat(bot, p["chat_id"])
    check_reachable(chat)
    parsed = check_text(
        bot, p.get("text"), p.get("parse_mode"), p.get("entities"), limit=api.config.max_text_length
    )
    markup = check_markup(api, p.get("reply_markup"))
    reply_to = _reply_to(api, bot, chat, p)
    check_rate(api, bot, chat, "sendMessage")
    msg = store_bot_message(
        api,
        bot,
        chat,
        kind="text",
        markup=markup,
        parsed=parsed,
        sent_text=p.get("text"),
        parse_mode=p.get("parse_mode"),
        reply_to=reply_to,
    )
    return msg.to_api(chat_state=chat)


async def edit_message_text(api: SandboxState, bot: BotState, p: dict[str, Any]) -> Any:
    chat, msg = _editable_message(bot, p)
    if msg.kind != "text":
        raise bad_request("there is no text in the message to edit")
    parsed = check_text(
        bot, p.get("text"), p.get("parse_mode"), p.get("entities"), limit=api.config.max_text_length
    )
    assert parsed is not None
    markup = check_markup(api, p.get("reply_markup"), inline_only=True)
    current = _inline_part(msg.reply_markup)
    if parsed.text == msg.text and parsed.entities == msg.entities and markup == current:
        raise bad_request(E.NOT_MODIFIED)
    return _apply_edit(
        api,
        chat,
        msg,
        text=parsed.text,
        entities=list(parsed.entities),
        sent_text=p.get("text"),
        parse_mode=p.get("parse_mode"),
        reply_markup=markup,
    )


async def edit_message_caption(api: SandboxState, bot: BotState, p: dict[str, Any]) -> Any:
    chat, msg = _editable_message(bot, p)
    if msg.kind == "text":
        raise bad_request("there is no caption in the message to edit")
    parsed = check_text(
        bot,
        p.get("caption"),
        p.get("parse_mode"),
        p.get("caption_entities"),
        limit=api.config.max_caption_length,
        caption=True,
    )
    markup = check_markup(api, p.get("reply_markup"), inline_only=True)
    new_caption = parsed.text if parsed else None
    new_entities = list(parsed.entities) if parsed else []
    current = _inline_part(msg.reply_markup)
    if new_caption == msg.caption and new_entities == msg.caption_entities and markup == current:
        raise bad_request(E.NOT_MODIFIED)
    return _apply_edit(
        api,
        chat,
        msg,
        caption=new_caption,
        caption_entities=new_entities,
        sent_caption=p.get("caption"),
        reply_markup=markup,
    )


async def edit_message_reply_markup(api: SandboxState, bot: BotState, p: dict[str, Any]) -> Any:
    chat, msg = _editable_message(bot, p)
    markup = check_markup(api, p.get("reply_markup"), inline_only=True)
    if markup == _inline_part(msg.reply_markup):
        raise bad_request(E.NOT_MODIFIED)
    return _apply_edit(api, chat, msg, reply_markup=markup)


def _delete(chat: ChatState, message_id: int) -> bool:
    msg = chat.messages.get(message_id)
    if msg is None or msg.deleted:
        return False
    msg.deleted = True
    chat.touch()
    return True


async def delete_message(api: SandboxState, bot: BotState, p: dict[str, Any]) -> Any:
    chat = resolve_chat(bot, p["chat_id"])
    if not _delete(chat, int(p["message_id"])):
        raise bad_request(E.MESSAGE_TO_DELETE_NOT_FOUND)
    return True


async def delete_messages(api: SandboxState, bot: BotState, p: dict[str, Any]) -> Any:
    chat = resolve_chat(bot, p["chat_id"])
    ids = p["message_ids"]
    if not 1 <= len(ids) <= 100:
        raise bad_request("message_ids must contain 1-100 identifiers")
    for mid in ids:
        _delete(chat, int(mid))
    return True


async def answer_callback_query(api: SandboxState, bot: BotState, p: dict[str, Any]) -> Any:
    record = bot.callback_queries.get(str(p["callback_query_id"]))
    if record is None or record.answered:
        raise bad_request(E.QUERY_TOO_OLD)
    if api.config.clock() - record.created > api.config.callback_query_ttl_s:
        raise bad_request(E.QUERY_TOO_OLD)
    text = p.get("text")
    if text is not None and len(text) > 200:
        raise bad_request("MESSAGE_TOO_LONG")
    record.answered = True
    record.answer = {
        k: p[k] for k in ("text", "show_alert", "url", "cache_time") if p.get(k) is not None
    }
    chat = bot.chat(record.chat_id)
    if chat is not None:
        chat.touch(bot_change=False)
    return True


def _image_size(data: bytes) -> tuple[int, int] | None:
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        w, h = struct.unpack(">II", data[16:24])
        return int(w), int(h)
    if data.startswith(b"\xff\xd8"):
        i = 2
        while i + 9 < len(data):
            if data[i] != 0xFF:
                i += 1
                continue
            marker = data[i + 1]
            seg_len = struct.unpack(">H", data[i + 2 : i + 4])[0]
            if marker in (0xC0, 0xC1, 0xC2):
                h, w = struct.unpack(">HH", data[i + 5 : i + 9])
                return int(w), int(h)
            i += 2 + seg_len
    return None


def _input_file(bot: BotState, kind: str, value: Any, p: dict[str, Any]) -> StoredFile:
    if isinstance(value, UploadedFile):
        if not value.data:
            raise bad_request("file must be non-empty")
        info: dict[str, Any] = {
            "file_name": value.filename,
            "mime_type": value.content_type,
            "data": value.data,
        }
        if kind == "photo":
            size = _image_size(value.data)
            if size:
                info["width"], info["height"] = size
            info["file_name"] = None
            info["mime_type"] = None
        if kind == "video":
            info.update(width=p.get("width"), height=p.get("height"), duration=p.get("duration"))
        return bot.new_file(kind, **info)
    if isinstance(value, str):
        known = bot.files.get(value)
        if known is not None:
            return known
        if re.match(r"^https?://", value, re.IGNORECASE):
            name = value.rstrip("/").rsplit("/", 1)[-1] or None
            return bot.new_file(kind, url=value, file_name=name)
    raise bad_request("wrong file identifier/HTTP URL specified")


def _make_media_sender(kind: str, method: str) -> Handler:
    async def send_media(api: SandboxState, bot: BotState, p: dict[str, Any]) -> Any:
        chat = resolve_chat(bot, p["chat_id"])
        check_reachable(chat)
        caption = check_text(
            bot,
            p.get("caption"),
            p.get("parse_mode"),
            p.get("caption_entities"),
            limit=api.config.max_caption_length,
            caption=True,
        )
        markup = check_markup(api, p.get("reply_markup"))
        reply_to = _reply_to(api, bot, chat, p)
        stored = _input_file(bot, kind, p[kind], p)
        check_rate(api, bot, chat, method)
        msg = store_bot_message(
            api,
            bot,
            chat,
            kind=kind,
            markup=markup,
            caption=caption,
            sent_caption=p.get("caption"),
            parse_mode=p.get("parse_mode"),
            file=stored,
            reply_to=reply_to,
        )
        return msg.to_api(chat_state=chat)

    send_media.__name__ = f"send_{kind}"
    return send_media


async def copy_message(api: SandboxState, bot: BotState, p: dict[str, Any]) -> Any:
    chat = resolve_chat(bot, p["chat_id"])
    source_chat = resolve_chat(bot, p["from_chat_id"])
    check_reachable(chat)
    source = source_chat.messages.get(int(p["message_id"]))
    if source is None or source.deleted:
        raise bad_request(E.MESSAGE_TO_COPY_NOT_FOUND)
    markup = check_markup(api, p.get("reply_markup"))
    reply_to = _reply_to(api, bot, chat, p)
    caption: ParsedText | None = None
    sent_caption = source.sent_caption
    if source.kind != "text":
        if "caption" in p:
            caption = check_text(
                bot,
                p.get("caption"),
                p.get("parse_mode"),
                p.get("caption_entities"),
                limit=api.config.max_caption_length,
                caption=True,
            )
            sent_caption = p.get("caption")
        elif source.caption:
            caption = ParsedText(source.caption, list(source.caption_entities))
    parsed: ParsedText | None = None
    if source.kind == "text":
        parsed = ParsedText(source.text or "", list(source.entities))
    check_rate(api, bot, chat, "copyMessage")
    msg = store_bot_message(
        api,
        bot,
        chat,
        kind=source.kind,
        markup=markup,
        parsed=parsed,
        sent_text=source.sent_text if source.from_bot else source.text,
        parse_mode=source.parse_mode,
        caption=caption,
        sent_caption=sent_caption,
        file=source.file,
        contact=source.contact,
        reply_to=reply_to,
        copied_from=(source_chat.id, source.message_id),
    )
    return {"message_id": msg.message_id}


async def send_chat_action(api: SandboxState, bot: BotState, p: dict[str, Any]) -> Any:
    chat = resolve_chat(bot, p["chat_id"])
    check_reachable(chat)
    if p["action"] not in _CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    return True


async def get_chat(api: SandboxState, bot: BotState, p: dict[str, Any]) -> Any:
    chat = resolve_chat(bot, p["chat_id"])
    info = chat.to_api()
    info.update(
        accent_color_id=0,
        max_reaction_count=11,
        accepted_gift_types={
            "unlimited_gifts": False,
            "limited_gifts": False,
            "unique_gifts": False,
            "premium_subscription": False,
            "gifts_from_channels": False,
        },
    )
    return info


async def get_file(api: SandboxState, bot: BotState, p: dict[str, Any]) -> Any:
    stored = bot.files.get(str(p["file_id"]))
    if stored is None:
        raise bad_request("invalid file_id")
    d: dict[str, Any] = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id}
    if stored.size is not None:
        d["file_size"] = stored.size
    if stored.file_path and stored.data is not None:
        d["file_path"] = stored.file_path
    return d


async def set_chat_menu_button(api: SandboxState, bot: BotState, p: dict[str, Any]) -> Any:
    button = p.get("menu_button") or {"type": "default"}
    if not isinstance(button, dict) or button.get("type") not in ("commands", "web_app", "default"):
        raise bad_request("can't parse menu button JSON object")
    if p.get("chat_id") is not None:
        resolve_chat(bot, p["chat_id"]).menu_button = button
    else:
        bot.default_menu_button = button
    return True


async def get_chat_menu_button(api: SandboxState, bot: BotState, p: dict[str, Any]) -> Any:
    if p.get("chat_id") is not None:
        chat = resolve_chat(bot, p["chat_id"])
        if chat.menu_button is not None:
            return dict(chat.menu_button)
    button = bot.default_menu_button
    return dict(button) if button.get("type") != "default" else {"type": "commands"}


HANDLERS: dict[str, Handler] = {
    "getMe": get_me,
    "logOut": log_out,
    "close": log_out,
    "getUpdates": get_updates,
    "setWebhook": set_webhook,
    "deleteWebhook": delete_webhook,
    "getWebhookInfo": get_webhook_info,
    "setMyCommands": set_my_commands,
    "getMyCommands": get_my_commands,
    "deleteMyCommands": delete_my_commands,
    "sendMessage": send_message,
    "editMessageText": edit_message_text,
    "editMessageCaption": edit_message_caption,
    "editMessageReplyMarkup": edit_message_reply_markup,
    "deleteMessage": delete_message,
    "deleteMessages": delete_messages,
    "answerCallbackQuery": answer_callback_query,
    "sendDocument": _make_media_sender("document", "sendDocument"),
    "sendPhoto": _make_media_sender("photo", "sendPhoto"),
    "sendVideo": _make_media_sender("video", "sendVideo"),
    "copyMessage": copy_message,
    "sendChatAction": send_chat_action,
    "getChat": get_chat,
    "getFile": get_file,
    "setChatMenuButton": set_chat_menu_button,
    "getChatMenuButton": get_chat_menu_button,
}

_BY_LOWER = {name.lower(): name for name in HANDLERS}


def handler_for(method: str) -> tuple[str, Handler] | None:
    """Telegram treats method names case-insensitively."""
    name = _BY_LOWER.get(method.lower())
    if name is None:
        return None
    return name, HANDLERS[name]
