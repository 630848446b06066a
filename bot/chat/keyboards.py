"""Pure builders of inline and reply keyboards (labels are already translated)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

Button = tuple[str, str]  # (label, callback data)


class InlineKeyboard(InlineKeyboardMarkup):
    """An inline keyboard that turns itself into JSON once. python-telegram-bot converts the
    reply markup of every send and edit again; a keyboard cannot change after it is made, and the
    same one (a main menu) goes to many people, so `inline` hands out one object per layout."""

    __slots__ = ("_as_dict",)

    def to_dict(self, recursive: bool = True) -> dict[str, Any]:
        if not recursive:
            return super().to_dict(recursive=False)
        cached = getattr(self, "_as_dict", None)
        if cached is None:
            cached = self._as_dict = super().to_dict()
        return dict(cached)


def inline(rows: Iterable[Sequence[Button]]) -> InlineKeyboardMarkup:
    return _inline(tuple(tuple(row) for row in rows))


@lru_cache(maxsize=4096)
def _inline(rows: tuple[tuple[Button, ...], ...]) -> InlineKeyboard:
    return InlineKeyboard(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in rows]
    )


def column(buttons: Iterable[Button]) -> InlineKeyboardMarkup:
    return inline([b] for b in buttons)


def grid(buttons: Sequence[Button], per_row: int = 2) -> list[list[Button]]:
    return [list(buttons[i : i + per_row]) for i in range(0, len(buttons), per_row)]


def contact_request(label: str, cancel_label: str | None = None) -> ReplyKeyboardMarkup:
    rows = [[KeyboardButton(label, request_contact=True)]]
    if cancel_label:
        rows.append([KeyboardButton(cancel_label)])
    return ReplyKeyboardMarkup(rows, resize_keyboard=True, one_time_keyboard=True)


def remove() -> ReplyKeyboardRemove:
    return ReplyKeyboardRemove()
