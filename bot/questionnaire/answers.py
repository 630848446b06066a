"""Turn what a person typed or pressed into a stored answer value, or say what is wrong.

Stored values (JSON): single/yes_no → option id; multi → list of option ids in option order;
text → normalised text; integer → int; national_id/mobile/coop_national_id → canonical ASCII
digits; date → ISO Gregorian date; place → {"province": id, "county": id}; skipped → None.
Nothing here stores anything: callers save a value only when it is `Valid`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot.persian.ids import coop_national_id, mobile, national_id
from bot.persian.jalali import gregorian_to_jalali, parse_jalali_date
from bot.persian.normalize import has_letter, looks_empty, normalize_text, parse_int
from bot.questionnaire.model import CHOICE_TYPES, Question
from bot.questionnaire.places import Places

# Error codes (the chat turns each into a text of its own).
EMPTY = "empty"
LETTERS = "letters"
TOO_LONG = "too-long"
TOO_SHORT = "too-short"
PATTERN = "pattern"
NUMBER = "number"
RANGE = "range"
ABOVE_ANSWER = "above-answer"
NATIONAL_ID = "national-id"
MOBILE = "mobile"
COOP_ID = "coop-id"
DATE = "date"
DATE_FUTURE = "date-future"
USE_BUTTONS = "use-buttons"
UNKNOWN_OPTION = "unknown-option"
TOO_FEW = "too-few"
TOO_MANY = "too-many"
NOT_OPTIONAL = "not-optional"
# Warnings: the answer is saved, the person is told.
COOP_ID_CHECKSUM = "coop-id-checksum"

INTEGER_MIN = 0
INTEGER_MAX = 10**9


@dataclass(frozen=True)
class Valid:
    value: Any
    warning: str | None = None


@dataclass(frozen=True)
class Invalid:
    code: str
    args: dict[str, Any] = field(default_factory=dict)


Result = Valid | Invalid


def integer_bounds(question: Question, answers: dict[str, Any], today: date) -> tuple[int, int]:
    low = question.min if question.min is not None else INTEGER_MIN
    high = question.max if question.max is not None else INTEGER_MAX
    if question.max_current_year:
        high = min(high, gregorian_to_jalali(today)[0])
    return low, high


def parse_typed(question: Question, raw: str, answers: dict[str, Any], today: date) -> Result:
    """A typed answer (text, numbers, IDs, dates); choice questions want their buttons."""
    kind = question.type
    if kind in CHOICE_TYPES or kind == "place":
        return Invalid(USE_BUTTONS)
    text = normalize_text(raw)
    if not text or looks_empty(text):  # spaces, joiners, invisible marks: nothing to read
        return Invalid(EMPTY)
    if kind == "text":
        return _text(question, text)
    if kind == "integer":
        return _integer(question, text, answers, today)
    if kind == "national_id":
        value = national_id(text)
        return Valid(value) if value else Invalid(NATIONAL_ID)
    if kind == "mobile":
        value = mobile(text)
        return Valid(value) if value else Invalid(MOBILE)
    if kind == "coop_national_id":
        value, checksum_ok = coop_national_id(text)
        if value is None:
            return Invalid(COOP_ID)
        return Valid(value, None if checksum_ok else COOP_ID_CHECKSUM)
    if kind == "date":
        day = parse_jalali_date(text)
        if day is None:
            return Invalid(DATE)
        if question.not_in_future and day > today:
            return Invalid(DATE_FUTURE)
        return Valid(day.isoformat())
    raise AssertionError(f"unhandled question type {kind}")  # pragma: no cover


def _text(question: Question, text: str) -> Result:
    if question.pattern is None and not has_letter(text):  # digits, emoji or marks alone
        return Invalid(LETTERS)
    length = len(text)
    if length > question.max_length:
        return Invalid(TOO_LONG, {"max": question.max_length, "length": length})
    if length < question.min_length:
        return Invalid(TOO_SHORT, {"min": question.min_length})
    if question.pattern is not None and not re.fullmatch(question.pattern, text):
        return Invalid(PATTERN)
    return Valid(text)


def _integer(question: Question, text: str, answers: dict[str, Any], today: date) -> Result:
    value = parse_int(text)
    if value is None:
        return Invalid(NUMBER)
    low, high = integer_bounds(question, answers, today)
    if not low <= value <= high:
        return Invalid(RANGE, {"min": low, "max": high})
    ref = answers.get(question.max_answer_of) if question.max_answer_of else None
    if isinstance(ref, int) and value > ref:
        return Invalid(ABOVE_ANSWER, {"max": ref})
    return Valid(value)


def parse_choice(question: Question, option_id: str | None) -> Result:
    if question.type not in ("single", "yes_no") or option_id not in question.option_ids():
        return Invalid(UNKNOWN_OPTION)
    return Valid(option_id)


def parse_multi(question: Question, chosen: list[str]) -> Result:
    if question.type != "multi" or any(c not in question.option_ids() for c in chosen):
        return Invalid(UNKNOWN_OPTION)
    ordered = [o for o in question.option_ids() if o in chosen]
    top = question.max_choices if question.max_choices is not None else len(question.options)
    if len(ordered) < question.min_choices:
        return Invalid(TOO_FEW, {"min": question.min_choices})
    if len(ordered) > top:
        return Invalid(TOO_MANY, {"max": top})
    return Valid(ordered)


def parse_place(
    question: Question, places: Places, province: str | None, county: str | None
) -> Result:
    if question.type != "place" or places.county(province, county) is None:
        return Invalid(UNKNOWN_OPTION)
    return Valid({"province": province, "county": county})


def still_valid(
    question: Question, value: Any, places: Places, answers: dict[str, Any], today: date
) -> bool:
    """Is a stored answer acceptable to (a possibly newer version of) this question?"""
    if value is None:
        return question.optional
    kind = question.type
    if kind in ("single", "yes_no"):
        result = parse_choice(question, value if isinstance(value, str) else None)
    elif kind == "multi":
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        result = parse_multi(question, value) if ok else Invalid(UNKNOWN_OPTION)
    elif kind == "place":
        ok = isinstance(value, dict)
        result = (
            parse_place(question, places, value.get("province"), value.get("county"))
            if ok
            else Invalid(UNKNOWN_OPTION)
        )
    elif kind == "date":
        try:
            day = date.fromisoformat(str(value))
        except ValueError:
            return False
        return not (question.not_in_future and day > today)
    else:
        if isinstance(value, bool) or not isinstance(value, str | int):
            return False
        result = parse_typed(question, str(value), answers, today)
    return isinstance(result, Valid)
