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
    "standard_code": "course-admin-ask-standard-code",  # i18n
    "title_fa": "course-admin-ask-title-fa",  # i18n
    "title_en": "course-admin-ask-title-en",  # i18n
    "topic": "course-admin-ask-topic",  # i18n
    "provider_kind": "course-admin-ask-provider-kind",  # i18n
    "provider_name": "course-admin-ask-provider-name",  # i18n
    "provider_address": "course-admin-ask-provider-address",  # i18n
    "provider_phone": "course-admin-ask-provider-phone",  # i18n
    "province": "course-admin-ask-province",  # i18n
    "county": "course-admin-ask-county",  # i18n
    "delivery_mode": "course-admin-ask-delivery-mode",  # i18n
    "start": "course-admin-ask-start",  # i18n
    "end": "course-admin-ask-end",  # i18n
    "sessions": "course-admin-ask-sessions",  # i18n
    "total_hours": "course-admin-ask-total-hours",  # i18n
    "capacity": "course-admin-ask-capacity",  # i18n
    "deadline": "course-admin-ask-deadline",  # i18n
}
# What a valid value looks like, shown when the typed one is not (field by field).
CHOICE_KEYS = {
    "tvto_centre": "course-admin-choice-tvto-centre",  # i18n
    "private_institute": "course-admin-choice-private-institute",  # i18n
    "in_person": "course-admin-choice-in-person",  # i18n
    "online": "course-admin-choice-online",  # i18n
}
LIST_KEYS = {
    "registrants": "course-admin-list-registrants",  # i18n
    "waitlist": "course-admin-list-waitlist",  # i18n
    "nominees": "course-admin-list-nominees",  # i18n
    "cancelled": "course-admin-list-cancelled",  # i18n
}
EDIT_RESULT_KEYS = {
    "changed": "course-admin-edit-changed",  # i18n
    "unchanged": "course-admin-edit-unchanged",  # i18n
    "not_found": "course-admin-not-found",  # i18n
    "cancelled": "course-admin-edit-cancelled",  # i18n
    "invalid": "course-admin-edit-invalid",  # i18n
    "below_taken": "course-admin-capacity-below-taken",  # i18n
    "deadline_passed": "course-admin-reopened-deadline-passed",  # i18n
}
STATUS_RESULT_KEYS = {
    "close": "course-admin-closed",  # i18n
    "reopen": "course-admin-reopened",  # i18n
}
EXPORT_HEADER_KEYS = {
    "row": "course-admin-col-row",  # i18n
    "name": "course-admin-col-name",  # i18n
    "national_id": "course-admin-col-national-id",  # i18n
    "mobile": "course-admin-col-mobile",  # i18n
    "cooperative": "course-admin-col-cooperative",  # i18n
    "status": "course-admin-col-status",  # i18n
    "score": "course-admin-col-score",  # i18n
    "date": "course-admin-col-date",  # i18n
    "sheet-registrants": "course-admin-list-registrants",  # i18n
    "sheet-waitlist": "course-admin-list-waitlist",  # i18n
    "sheet-nominees": "course-admin-list-nominees",  # i18n
    "sheet-cancelled": "course-admin-list-cancelled",  # i18n
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
