"""The parts of the Telegram Bot API spec the sandbox needs, as plain Python data.

The tables live in :mod:`sandbox._spec_data`, generated from the machine-readable spec
(``/work/shared/botapi/api.json``, PaulSonOfLars/telegram-bot-api-spec, MIT) so that the sandbox
does not depend on that file at runtime. Regenerate with::

    .venv/bin/python -m sandbox.gen_spec /work/shared/botapi/api.json

A field spec is ``(types, required)`` where ``types`` is a tuple of spec type strings such as
``("Integer", "String")`` or ``("Array of MessageEntity",)``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from sandbox._spec_data import KNOWN_METHODS, METHOD_FIELDS, SPEC_VERSION, TYPE_FIELDS

__all__ = [
    "DEFAULT_API_JSON",
    "IMPLEMENTED_METHODS",
    "KNOWN_METHODS",
    "METHOD_FIELDS",
    "SPEC_TYPES",
    "SPEC_VERSION",
    "TYPE_FIELDS",
    "FieldSpec",
    "build_tables",
    "check_object",
    "inline_button_actions",
    "load_api_json",
]

FieldSpec = tuple[tuple[str, ...], bool]

DEFAULT_API_JSON = Path(os.environ.get("COOPBOT_BOTAPI_JSON", "/work/shared/botapi/api.json"))

#: Methods the sandbox implements; their parameter tables are copied from the spec.
IMPLEMENTED_METHODS: tuple[str, ...] = (
    "getMe",
    "logOut",
    "close",
    "getUpdates",
    "setWebhook",
    "deleteWebhook",
    "getWebhookInfo",
    "setMyCommands",
    "getMyCommands",
    "deleteMyCommands",
    "sendMessage",
    "editMessageText",
    "editMessageCaption",
    "editMessageReplyMarkup",
    "deleteMessage",
    "deleteMessages",
    "answerCallbackQuery",
    "sendDocument",
    "sendPhoto",
    "sendVideo",
    "copyMessage",
    "sendChatAction",
    "getChat",
    "getFile",
    "setChatMenuButton",
    "getChatMenuButton",
)

#: Types whose fields are copied (results the sandbox builds, markup it validates).
SPEC_TYPES: tuple[str, ...] = (
    "Update",
    "User",
    "Chat",
    "ChatFullInfo",
    "AcceptedGiftTypes",
    "Message",
    "MessageId",
    "MessageEntity",
    "Document",
    "PhotoSize",
    "Video",
    "Sticker",
    "Contact",
    "File",
    "WebhookInfo",
    "CallbackQuery",
    "BotCommand",
    "InlineKeyboardMarkup",
    "InlineKeyboardButton",
    "ReplyKeyboardMarkup",
    "KeyboardButton",
    "ReplyKeyboardRemove",
    "ForceReply",
    "ChatMemberUpdated",
    "ChatMemberMember",
    "ChatMemberBanned",
    "MenuButtonCommands",
    "MenuButtonDefault",
    "MenuButtonWebApp",
    "BotCommandScopeDefault",
    "BotCommandScopeAllPrivateChats",
    "BotCommandScopeAllGroupChats",
    "BotCommandScopeAllChatAdministrators",
    "BotCommandScopeChat",
    "BotCommandScopeChatAdministrators",
    "BotCommandScopeChatMember",
)

# InlineKeyboardButton fields that only decorate the button (not its action).
_BUTTON_COSMETIC = frozenset({"text", "icon_custom_emoji_id", "style"})


def inline_button_actions() -> tuple[str, ...]:
    """Optional InlineKeyboardButton fields of which exactly one must be used."""
    fields = TYPE_FIELDS["InlineKeyboardButton"]
    return tuple(name for name in fields if name not in _BUTTON_COSMETIC)


def load_api_json(path: str | os.PathLike[str] | None = None) -> dict[str, Any] | None:
    """Load ``api.json``; ``None`` if it is missing or unreadable (callers fall back)."""
    p = Path(path) if path is not None else DEFAULT_API_JSON
    try:
        with p.open(encoding="utf-8") as fh:
            spec: dict[str, Any] = json.load(fh)
            return spec
    except (OSError, ValueError):
        return None


def _fields(entry: dict[str, Any]) -> dict[str, FieldSpec]:
    return {
        f["name"]: (tuple(f["types"]), bool(f["required"])) for f in entry.get("fields", []) or []
    }


def build_tables(
    api: dict[str, Any],
    methods: tuple[str, ...] = IMPLEMENTED_METHODS,
    types: tuple[str, ...] = SPEC_TYPES,
) -> dict[str, Any]:
    """Extract the sandbox tables from a parsed ``api.json``."""
    return {
        "SPEC_VERSION": api.get("version", "?"),
        "KNOWN_METHODS": frozenset(api["methods"]),
        "METHOD_FIELDS": {m: _fields(api["methods"][m]) for m in methods},
        "TYPE_FIELDS": {t: _fields(api["types"][t]) for t in types},
    }


def check_object(type_name: str, obj: Any, path: str = "") -> list[str]:
    """Shallow-recursive check of a result object against the copied spec.

    Reports missing required fields and fields the spec does not know, for the types listed in
    :data:`SPEC_TYPES`; nested objects of listed types are checked too. Returns problems found.
    """
    problems: list[str] = []
    fields = TYPE_FIELDS.get(type_name)
    where = path or type_name
    if fields is None:
        return problems
    if not isinstance(obj, dict):
        return [f"{where}: expected object, got {type(obj).__name__}"]
    for name, (_types, required) in fields.items():
        if required and name not in obj:
            problems.append(f"{where}: missing required field {name!r}")
    for name, value in obj.items():
        if name not in fields:
            problems.append(f"{where}: unknown field {name!r}")
            continue
        for t in fields[name][0]:
            inner = t
            depth = 0
            while inner.startswith("Array of "):
                inner = inner[len("Array of ") :]
                depth += 1
            if inner in TYPE_FIELDS:
                items = [value]
                for _ in range(depth):
                    items = [x for item in items if isinstance(item, list) for x in item]
                for item in items:
                    if isinstance(item, dict):
                        problems.extend(check_object(inner, item, f"{where}.{name}"))
                break
    return problems
