"""How course problems, import reports and course values read, in the person's language: shared
by the chat (handlers/course_admin/), the command line (bot/cli/admin.py) and the web console.
`t(key, **args)` is a translate function bound to a language (ctx.t in handlers); a `Reader`
(bot/chat/reader.py) is the reader's language and translator."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.chat.reader import Reader
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
    "ref": "course-admin-field-ref",
    "standard_code": "course-admin-field-standard-code",
    "title_fa": "course-admin-field-title-fa",
    "title_en": "course-admin-field-title-en",
    "topic": "course-admin-field-topic",
    "provider_kind": "course-admin-field-provider-kind",
    "provider_name": "course-admin-field-provider-name",
    "provider_address": "course-admin-field-provider-address",
    "provider_phone": "course-admin-field-provider-phone",
    "province": "course-admin-field-province",
    "county": "course-admin-field-county",
    "delivery_mode": "course-admin-field-delivery-mode",
    "start": "course-admin-field-start",
    "end": "course-admin-field-end",
    "sessions": "course-admin-field-sessions",
    "total_hours": "course-admin-field-total-hours",
    "capacity": "course-admin-field-capacity",
    "deadline": "course-admin-field-deadline",
    "course": "course-admin-field-course",
    "file": "course-admin-field-file",
}

HINT_KEYS = {
    "ref": "course-admin-hint-ref",
    "standard_code": "course-admin-hint-standard-code",
    "title_fa": "course-admin-hint-title",
    "title_en": "course-admin-hint-title",
    "topic": "course-admin-hint-choice",
    "provider_kind": "course-admin-hint-choice",
    "provider_name": "course-admin-hint-text",
    "provider_address": "course-admin-hint-text",
    "provider_phone": "course-admin-hint-phone",
    "province": "course-admin-hint-text",
    "county": "course-admin-hint-text",
    "delivery_mode": "course-admin-hint-choice",
    "start": "course-admin-hint-date",
    "end": "course-admin-hint-date",
    "sessions": "course-admin-hint-sessions",
    "total_hours": "course-admin-hint-number",
    "capacity": "course-admin-hint-number",
    "deadline": "course-admin-hint-deadline",
}

PROBLEM_KEYS = {
    "required": "course-admin-problem-required",
    "too_short": "course-admin-problem-too-short",
    "too_long": "course-admin-problem-too-long",
    "range": "course-admin-problem-range",
    "past": "course-admin-problem-past",
    "end_before_start": "course-admin-problem-end-before-start",
    "deadline_after_start": "course-admin-problem-deadline-after-start",
    "below_taken": "course-admin-problem-below-taken",
    "duplicate_ref": "course-admin-problem-duplicate-ref",
    "unknown_column": "course-admin-problem-unknown-column",
    "not_xlsx": "course-admin-problem-not-xlsx",
    "unsafe": "course-admin-problem-unsafe",
    "too_big": "course-admin-problem-too-big",
    "too_many_rows": "course-admin-problem-too-many-rows",
    "too_wide": "course-admin-problem-too-wide",
    "empty": "course-admin-problem-empty",
    "letters": "course-admin-error-letters",
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
    "tvto_centre": "course-admin-choice-tvto-centre",
    "private_institute": "course-admin-choice-private-institute",
    "in_person": "course-admin-choice-in-person",
    "online": "course-admin-choice-online",
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
