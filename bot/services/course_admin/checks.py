"""Every raw value is checked by the catalogue's own `CourseIn` model (one set of rules), plus the
limits of the database columns: one field alone (the dialog's answer) or a whole course."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from pydantic import ValidationError

from bot.persian.jalali import to_utc
from bot.persian.normalize import (
    digits_only,
    has_letter,
    normalize_text,
    parse_int,
    to_persian_digits,
)
from bot.services.catalogue import CourseIn, parse_day, parse_deadline, parse_sessions
from bot.services.course_admin.fields import (
    CHOICES,
    INT_LIMITS,
    OPTIONAL,
    PERSIAN_TEXT,
    PHONE_DIGITS,
    STEPS,
    TEXT_LIMITS,
    WORD_FIELDS,
    CourseInvalid,
    Problem,
)
from bot.services.course_admin.raw_values import session_items
from storage.courses import CourseData

# A complete valid course in raw form: one field is checked alone by putting it into this.
_SAMPLE: dict[str, Any] = {
    "ref": "sample",
    "standard_code": "0012345678",
    "title_fa": "نمونه",
    "title_en": "Sample",
    "topic": "accounting",
    "provider_kind": "tvto_centre",
    "provider_name": "مرکز",
    "province": "تهران",
    "county": "تهران",
    "delivery_mode": "in_person",
    "start": "1500/01/10",
    "end": "1500/02/10",
    "sessions": [{"day": "Saturday", "start": "09:00", "end": "12:00"}],
    "total_hours": 10,
    "capacity": 10,
    "deadline": "1500/01/01",
}


def clean(field: str, value: Any) -> tuple[Any, Problem | None]:
    """Normalise one raw value and check the limits CourseIn does not know (column sizes)."""
    if value is None or (isinstance(value, str) and not normalize_text(value)):
        if field in OPTIONAL:
            return "", None
        return None, Problem(field, "required")
    if field in TEXT_LIMITS:
        text = normalize_text(str(value))
        if field in PERSIAN_TEXT:
            text = to_persian_digits(text)
        if field in WORD_FIELDS and not has_letter(text):  # digits, emoji or marks alone
            return None, Problem(field, "letters")
        low, high = TEXT_LIMITS[field]
        if len(text) < low:
            return None, Problem(field, "too_short")
        if len(text) > high:
            return None, Problem(field, "too_long")
        return text, None
    if field == "provider_phone":
        digits = digits_only(str(value).replace("+", "").replace("(", "").replace(")", ""))
        if digits is None or not PHONE_DIGITS[0] <= len(digits) <= PHONE_DIGITS[1]:
            return None, Problem(field, "invalid")
        return digits, None
    if field in INT_LIMITS:
        number = value if isinstance(value, int) else parse_int(str(value))
        if isinstance(value, float) and value.is_integer():
            number = int(value)
        low, high = INT_LIMITS[field]
        if not isinstance(number, int) or isinstance(number, bool):
            return None, Problem(field, "invalid")
        if not low <= number <= high:
            return None, Problem(field, "range")
        return number, None
    if field in CHOICES:
        text = normalize_text(str(value)).lower()
        return (text, None) if text in CHOICES[field] else (None, Problem(field, "invalid"))
    if field in ("standard_code", "ref") and isinstance(value, str):
        return normalize_text(value), None
    if field in ("start", "end", "deadline") and isinstance(value, str):
        return normalize_text(value), None
    return value, None


def problems_of(exc: ValidationError) -> list[Problem]:
    out = []
    for err in exc.errors():
        loc = err.get("loc") or ()
        message = str(err.get("msg", "")).removeprefix("Value error, ")
        if loc:
            out.append(Problem(str(loc[0]), "invalid", message))
        elif "ends before it starts" in message:
            out.append(Problem("course", "end_before_start", message))
        elif "closes after the course starts" in message:
            out.append(Problem("course", "deadline_after_start", message))
        else:
            out.append(Problem("course", "invalid", message))
    return out


def check_field(
    field: str, value: Any, draft: dict[str, Any] | None = None
) -> tuple[Any, Problem | None]:
    """Check one raw value on its own and against the fields of `draft` it depends on.
    Returns (normalised raw value, None) or (None, problem)."""
    if field not in STEPS:
        raise ValueError(f"unknown course field {field!r}")
    cleaned, problem = clean(field, value)
    if problem is not None:
        return None, problem
    if cleaned == "" and field in OPTIONAL:
        return "", None
    try:
        CourseIn.model_validate({**_SAMPLE, field: cleaned})
    except ValidationError as exc:
        for found in problems_of(exc):
            if found.field == field:
                return None, found
    draft = draft or {}
    try:
        if field in ("end", "start") and draft.get("start" if field == "end" else "end"):
            start = parse_day(cleaned if field == "start" else draft["start"])
            end = parse_day(cleaned if field == "end" else draft["end"])
            if end < start:
                return None, Problem("course", "end_before_start")
        if field in ("deadline", "start") and draft.get(
            "deadline" if field == "start" else "start"
        ):
            start = parse_day(cleaned if field == "start" else draft["start"])
            deadline = parse_deadline(cleaned if field == "deadline" else draft["deadline"])
            if deadline > _starts(start):
                return None, Problem("course", "deadline_after_start")
    except ValueError:
        pass  # the other field is broken: it is reported where it is checked
    if field == "sessions":
        return session_items(parse_sessions(cleaned)), None
    return cleaned, None


def _starts(day: date) -> datetime:
    """The latest allowed registration deadline for a course starting on `day`."""
    return to_utc(datetime.combine(day + timedelta(days=1), time(0, 0)))


def build(raw: dict[str, Any]) -> CourseData:
    """A course from raw values; raises CourseInvalid with every problem found (each field's,
    and the ones between fields when every field is fine by itself)."""
    problems: list[Problem] = []
    values: dict[str, Any] = {"ref": raw.get("ref")}
    for field in STEPS:
        cleaned, problem = clean(field, raw.get(field))
        if problem is not None:
            problems.append(problem)
            values[field] = _SAMPLE.get(field, "")  # stands in, so the other fields are checked too
        else:
            values[field] = cleaned
    try:
        course = CourseIn.model_validate(values).to_course()
    except ValidationError as exc:
        reported = {p.field for p in problems}
        for found in problems_of(exc):
            if found.field == "course" and problems:
                continue  # stand-in values were mixed in: say nothing about the whole
            if found.field not in reported:
                problems.append(found)
        raise CourseInvalid(problems) from None
    if problems:
        raise CourseInvalid(problems)
    return course
