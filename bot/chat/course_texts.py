"""How course problems, import reports and course values read, in the person's language: shared
by the chat (handlers/course_admin.py), the command line (bot/cli/admin.py) and the web console.
`t(key, **args)` is a translate function bound to a language (ctx.t in handlers); a `Reader`
(bot/chat/reading.py) is the reader's language and translator."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.chat.reading import Reader
from bot.core.i18n import format_number
from bot.persian.jalali import WEEKDAYS_EN, format_date, format_datetime, format_weekday
from bot.persian.normalize import to_persian_digits
from bot.services.catalogue import parse_day, parse_deadline
from bot.services.course_admin import Problem
from bot.services.course_import import ImportReport
from bot.services.topics import topic_key

Translate = Callable[..., str]
MAX_REPORT_ROWS = 25

FIELD_KEYS = {
    "ref": "course-admin-field-ref",  # i18n
    "standard_code": "course-admin-field-standard-code",  # i18n
    "title_fa": "course-admin-field-title-fa",  # i18n
    "title_en": "course-admin-field-title-en",  # i18n
    "topic": "course-admin-field-topic",  # i18n
    "provider_kind": "course-admin-field-provider-kind",  # i18n
    "provider_name": "course-admin-field-provider-name",  # i18n
    "provider_address": "course-admin-field-provider-address",  # i18n
    "provider_phone": "course-admin-field-provider-phone",  # i18n
    "province": "course-admin-field-province",  # i18n
    "county": "course-admin-field-county",  # i18n
    "delivery_mode": "course-admin-field-delivery-mode",  # i18n
    "start": "course-admin-field-start",  # i18n
    "end": "course-admin-field-end",  # i18n
    "sessions": "course-admin-field-sessions",  # i18n
    "total_hours": "course-admin-field-total-hours",  # i18n
    "capacity": "course-admin-field-capacity",  # i18n
    "deadline": "course-admin-field-deadline",  # i18n
    "course": "course-admin-field-course",  # i18n
    "file": "course-admin-field-file",  # i18n
}

HINT_KEYS = {
    "ref": "course-admin-hint-ref",  # i18n
    "standard_code": "course-admin-hint-standard-code",  # i18n
    "title_fa": "course-admin-hint-title",  # i18n
    "title_en": "course-admin-hint-title",  # i18n
    "topic": "course-admin-hint-choice",  # i18n
    "provider_kind": "course-admin-hint-choice",  # i18n
    "provider_name": "course-admin-hint-text",  # i18n
    "provider_address": "course-admin-hint-text",  # i18n
    "provider_phone": "course-admin-hint-phone",  # i18n
    "province": "course-admin-hint-text",  # i18n
    "county": "course-admin-hint-text",  # i18n
    "delivery_mode": "course-admin-hint-choice",  # i18n
    "start": "course-admin-hint-date",  # i18n
    "end": "course-admin-hint-date",  # i18n
    "sessions": "course-admin-hint-sessions",  # i18n
    "total_hours": "course-admin-hint-number",  # i18n
    "capacity": "course-admin-hint-number",  # i18n
    "deadline": "course-admin-hint-deadline",  # i18n
}

PROBLEM_KEYS = {
    "required": "course-admin-problem-required",  # i18n
    "too_short": "course-admin-problem-too-short",  # i18n
    "too_long": "course-admin-problem-too-long",  # i18n
    "range": "course-admin-problem-range",  # i18n
    "past": "course-admin-problem-past",  # i18n
    "end_before_start": "course-admin-problem-end-before-start",  # i18n
    "deadline_after_start": "course-admin-problem-deadline-after-start",  # i18n
    "below_taken": "course-admin-problem-below-taken",  # i18n
    "duplicate_ref": "course-admin-problem-duplicate-ref",  # i18n
    "unknown_column": "course-admin-problem-unknown-column",  # i18n
    "not_xlsx": "course-admin-problem-not-xlsx",  # i18n
    "unsafe": "course-admin-problem-unsafe",  # i18n
    "too_big": "course-admin-problem-too-big",  # i18n
    "too_many_rows": "course-admin-problem-too-many-rows",  # i18n
    "too_wide": "course-admin-problem-too-wide",  # i18n
    "empty": "course-admin-problem-empty",  # i18n
    "letters": "course-admin-error-letters",  # i18n
}


def field_label(t: Translate, field: str) -> str:
    return t(FIELD_KEYS.get(field, "course-admin-field-course"))


def problem_text(t: Translate, problem: Problem) -> str:
    """What is wrong, in words: a hint of the expected form, or the problem with its detail."""
    if problem.code == "invalid" and problem.field in HINT_KEYS:
        return t(HINT_KEYS[problem.field], field=field_label(t, problem.field))
    key = PROBLEM_KEYS.get(problem.code, "course-admin-problem-invalid")
    detail: str | int = problem.detail or "—"
    if problem.detail.isdigit():  # a limit or a row: in the reader's digits
        detail = int(problem.detail)
    return t(key, field=field_label(t, problem.field), detail=detail)


def import_report(t: Translate, report: ImportReport, separator: str = "؛ ") -> str:
    """The row-by-row report of an import (the first MAX_REPORT_ROWS wrong rows)."""
    if report.file_problems:
        return "\n".join(
            [t("course-import-failed"), *(problem_text(t, p) for p in report.file_problems)]
        )
    if report.imported:
        return t("course-import-done", added=report.added, updated=report.updated)
    bad = report.invalid_rows
    lines = [t("course-import-rejected", bad=len(bad), total=len(report.rows))]
    for row in bad[:MAX_REPORT_ROWS]:
        problems = separator.join(
            f"{field_label(t, p.field)}: {problem_text(t, p)}" for p in row.problems
        )
        lines.append(t("course-import-row", row=row.row, ref=row.ref or "—", problems=problems))
    if len(bad) > MAX_REPORT_ROWS:
        lines.append(t("course-import-more", count=len(bad) - MAX_REPORT_ROWS))
    return "\n".join(lines)


CHOICE_KEYS = {
    "tvto_centre": "course-admin-choice-tvto-centre",  # i18n
    "private_institute": "course-admin-choice-private-institute",  # i18n
    "in_person": "course-admin-choice-in-person",  # i18n
    "online": "course-admin-choice-online",  # i18n
}


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
    return ("؛ " if r.locale == "fa" else "; ").join(parts) or "—"


def _clock(r: Reader, text: str) -> str:
    return to_persian_digits(text) if r.locale == "fa" else text


def value_display(r: Reader, field: str, value: Any) -> str:
    """A course field's raw value as the course dialog shows it: names, Jalali dates, the
    reader's digits."""
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
