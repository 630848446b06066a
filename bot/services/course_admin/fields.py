"""A course's fields as staff enter them: the order the dialog asks them, which are optional or
choices, which change what reminders say, the limits of the database columns, and `Problem`,
what is wrong with a value."""

from __future__ import annotations

from dataclasses import dataclass

from bot.services.catalogue import FIELDS
from bot.services.topics import TOPICS

# The dialog asks the catalogue's fields in their order, the titles first; `ref` is made by the
# bot.
_FIRST = ("title_fa", "title_en")
STEPS: tuple[str, ...] = (*_FIRST, *(f for f in FIELDS if f not in {"ref", *_FIRST}))
OPTIONAL: frozenset[str] = frozenset({"provider_address", "provider_phone"})
CHOICES: dict[str, tuple[str, ...]] = {
    "topic": TOPICS,
    "provider_kind": ("tvto_centre", "private_institute"),
    "delivery_mode": ("in_person", "online"),
}
# Changing these changes what reminders say or when they come.
SCHEDULE_FIELDS = frozenset(
    {
        "start",
        "end",
        "sessions",
        "deadline",
        "province",
        "county",
        "provider_name",
        "provider_address",
        "delivery_mode",
        "title_fa",
        "title_en",
    }
)
TEXT_LIMITS: dict[str, tuple[int, int]] = {
    "title_fa": (3, 200),
    "title_en": (3, 200),
    "provider_name": (3, 200),
    "provider_address": (0, 400),
    "province": (2, 60),
    "county": (2, 60),
}
PERSIAN_TEXT = frozenset({"title_fa", "provider_name", "provider_address", "province", "county"})
# Fields that are words (a title, a place): digits, emoji or marks alone are refused ("letters").
WORD_FIELDS = frozenset(
    {"title_fa", "title_en", "provider_name", "provider_address", "province", "county"}
)
INT_LIMITS: dict[str, tuple[int, int]] = {"total_hours": (1, 2000), "capacity": (1, 10_000)}
PHONE_DIGITS = (4, 15)


@dataclass(frozen=True)
class Problem:
    """What is wrong: `field` is a FIELDS name, `course` (the fields together) or `file`.

    code: invalid | required | too_long | too_short | range | end_before_start |
    deadline_after_start | past | duplicate_ref | unknown_column | empty | not_xlsx | letters |
    unsafe | too_big | too_many_rows | too_wide (a file refused by bot/services/sheet_guard.py)
    """

    field: str
    code: str
    detail: str = ""


class CourseInvalid(ValueError):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(f"{p.field}: {p.code}" for p in problems))
        self.problems = problems
