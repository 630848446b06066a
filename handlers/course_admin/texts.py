"""The words of course management: text keys, callback data, and how a course field's value
reads in the staff member's language. Pure: a `Reader` (bot/chat/reader.py: ctx in handlers,
`Lang` in tests) gives the translation, the locale and the digits; nothing here does I/O."""

from __future__ import annotations

from bot.chat import callbacks, course_texts
from bot.chat.reader import Reader
from bot.services.course_admin import Problem
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
