"""The words of course management: text keys, callback data, and how a course field's value
reads in the staff member's language. Pure: a `Reader` (bot/chat/reader.py: ctx in handlers,
`Lang` in tests) gives the translation, the locale and the digits; nothing here does I/O."""

from __future__ import annotations

from typing import Any

from bot.chat import callbacks, course_texts
from bot.chat.reader import Reader
from bot.core.i18n import format_number
from bot.persian.jalali import WEEKDAYS_EN, format_date, format_datetime, format_weekday
from bot.persian.normalize import to_persian_digits
from bot.services.catalogue import parse_day, parse_deadline
from bot.services.course_admin import Problem
from bot.services.topics import topic_key
from handlers.features import Feature

ASK_KEYS = {
    "standard_code": "course-admin-ask-standard-code",
    "title_fa": "course-admin-ask-title-fa",
    "title_en": "course-admin-ask-title-en",
    "topic": "course-admin-ask-topic",
    "provider_kind": "course-admin-ask-provider-kind",
    "provider_name": "course-admin-ask-provider-name",
    "provider_address": "course-admin-ask-provider-address",
    "provider_phone": "course-admin-ask-provider-phone",
    "province": "course-admin-ask-province",
    "county": "course-admin-ask-county",
    "delivery_mode": "course-admin-ask-delivery-mode",
    "start": "course-admin-ask-start",
    "end": "course-admin-ask-end",
    "sessions": "course-admin-ask-sessions",
    "total_hours": "course-admin-ask-total-hours",
    "capacity": "course-admin-ask-capacity",
    "deadline": "course-admin-ask-deadline",
}
# What a valid value looks like, shown when the typed one is not (field by field).
CHOICE_KEYS = {
    "tvto_centre": "course-admin-choice-tvto-centre",
    "private_institute": "course-admin-choice-private-institute",
    "in_person": "course-admin-choice-in-person",
    "online": "course-admin-choice-online",
}
LIST_KEYS = {
    "registrants": "course-admin-list-registrants",
    "waitlist": "course-admin-list-waitlist",
    "nominees": "course-admin-list-nominees",
    "cancelled": "course-admin-list-cancelled",
}
EDIT_RESULT_KEYS = {
    "changed": "course-admin-edit-changed",
    "unchanged": "course-admin-edit-unchanged",
    "not_found": "course-admin-not-found",
    "cancelled": "course-admin-edit-cancelled",
    "invalid": "course-admin-edit-invalid",
    "below_taken": "course-admin-capacity-below-taken",
    "deadline_passed": "course-admin-reopened-deadline-passed",
}
STATUS_RESULT_KEYS = {
    "close": "course-admin-closed",
    "reopen": "course-admin-reopened",
}
EXPORT_HEADER_KEYS = {
    "row": "course-admin-col-row",
    "name": "course-admin-col-name",
    "national_id": "course-admin-col-national-id",
    "mobile": "course-admin-col-mobile",
    "cooperative": "course-admin-col-cooperative",
    "status": "course-admin-col-status",
    "score": "course-admin-col-score",
    "date": "course-admin-col-date",
    "sheet-registrants": "course-admin-list-registrants",
    "sheet-waitlist": "course-admin-list-waitlist",
    "sheet-nominees": "course-admin-list-nominees",
    "sheet-cancelled": "course-admin-list-cancelled",
}


def cb(action: str, *args: object) -> str:
    return callbacks.encode(Feature.COURSE_ADMIN, action, *args)


def field_label(r: Reader, field: str) -> str:
    return course_texts.field_label(r.t, field)


def problem_text(r: Reader, problem: Problem) -> str:
    return course_texts.problem_text(r.t, problem)


def separator(r: Reader) -> str:
    return "؛ " if r.locale == "fa" else "; "


def sessions_display(r: Reader, items: list[dict[str, str]] | None) -> str:
    parts = []
    for item in items or []:
        index = WEEKDAYS_EN.index(item["day"]) if item.get("day") in WEEKDAYS_EN else None
        weekday = (index - 2) % 7 if index is not None else None  # Saturday is Python's 5
        parts.append(
            r.t(
                "course-admin-session",
                weekday=format_weekday(weekday, r.locale) if weekday is not None else "?",
                start=_clock(r, item.get("start", "")),
                end=_clock(r, item.get("end", "")),
            )
        )
    return separator(r).join(parts) or "—"


def _clock(r: Reader, text: str) -> str:
    return to_persian_digits(text) if r.locale == "fa" else text


def value_display(r: Reader, field: str, value: Any) -> str:
    """A course field's raw value as the staff member reads it (Jalali dates, Persian digits in
    Persian); also how the audit log shows course changes."""
    if value in (None, "", []):
        return "—"
    try:
        if field == "topic":
            return r.t(topic_key(value))
        if field in ("provider_kind", "delivery_mode"):
            return r.t(CHOICE_KEYS[value])
        if field in ("start", "end"):
            return format_date(parse_day(value), r.locale)
        if field == "deadline":
            text = str(value).strip()
            if ":" not in text:  # a date: registration closes at the end of that day
                day = format_date(parse_day(text), r.locale)
                return r.t("course-admin-deadline-day", date=day)
            return format_datetime(parse_deadline(value), r.locale)
        if field == "sessions":
            return sessions_display(r, value)
        if field in ("total_hours", "capacity") and isinstance(value, int):
            return format_number(value, r.locale)
        if field in ("standard_code", "provider_phone"):
            return r.digits(value)
    except (KeyError, ValueError):
        pass
    return str(value)
