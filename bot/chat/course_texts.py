"""How course problems and import reports read, in the person's language: shared by the chat
(handlers/course_admin/) and the command line (bot/cli/admin.py). `t(key, **args)` is a
translate function bound to a language (ctx.t in handlers)."""

from __future__ import annotations

from collections.abc import Callable

from bot.services.course_admin import Problem
from bot.services.course_import import ImportReport

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
