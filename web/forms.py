"""Reading form fields and query parameters: all of it is user input. Numbers in any digits
(bot/persian), anything unreadable is None, never an exception."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.persian.normalize import parse_int


def text_field(form: Mapping[str, Any], name: str) -> str | None:
    value = form.get(name)
    return value if isinstance(value, str) else None


def int_field(form: Mapping[str, Any], name: str, *, lowest: int = 0) -> int | None:
    """A whole number of at most 12 digits, not below `lowest`; None otherwise."""
    text = text_field(form, name)
    if text is None or len(text) > 24:
        return None
    value = parse_int(text)
    if value is None or value < lowest or value >= 10**12:
        return None
    return value


def flag(form: Mapping[str, Any], name: str) -> bool:
    return text_field(form, name) in ("1", "on", "true")
