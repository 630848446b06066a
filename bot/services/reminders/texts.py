"""The parts of reminder payloads: the locale keys, titles, places, months and buttons."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.chat import callbacks
from bot.chat.features import Feature
from bot.persian.jalali import month_label
from bot.services.ledger import button, localized
from bot.services.reminders.keys import stamp
from bot.services.reminders.sources import CourseLike

# Every text the reminders put into payloads (a literal table: tests/i18n checks the keys).
TEXT_KEYS = (
    "reminders-session",
    "reminders-attend-yes",
    "reminders-attend-no",
    "reminders-course-start",
    "reminders-bring-in-person",
    "reminders-bring-online",
    "reminders-place-online",
    "reminders-place-unknown",
    "reminders-deadline",
    "reminders-schedule-changed",
    "reminders-assessment-nudge",
    "reminders-monthly-staff",
    "reminders-monthly-escalation",
    "reminders-staff-withdrawn",
    "reminders-staff-absent",
    "nomination-menu",
    "assessment-menu",
)

# Buttons into other features' screens (their menu labels): the month's lists, the assessment.
NOMINATIONS_BUTTON = [[button("nomination-menu", callbacks.encode(Feature.NOMINATION, "home"))]]
ASSESSMENT_BUTTON = [[button("assessment-menu", callbacks.encode(Feature.ASSESSMENT, "start"))]]


def title_arg(course: CourseLike) -> dict[str, Any]:
    return localized(fa=course.title_fa, en=course.title_en)


def place_arg(course: CourseLike) -> Any:
    if course.delivery_mode == "online":
        return {"text": "reminders-place-online"}
    parts = [p.strip() for p in (course.provider_name, course.provider_address) if p and p.strip()]
    return "، ".join(parts) if parts else {"text": "reminders-place-unknown"}


def attendance_buttons(
    registration_id: int, session_at: datetime, session_stamp: str | None = None
) -> list[list[dict[str, str]]]:
    s = session_stamp or stamp(session_at)
    return [
        [
            button(
                "reminders-attend-yes",
                callbacks.encode(Feature.REMINDERS, "att", registration_id, "yes", s),
            ),
            button(
                "reminders-attend-no",
                callbacks.encode(Feature.REMINDERS, "att", registration_id, "no", s),
            ),
        ]
    ]


def month_arg(year: int, month: int) -> dict[str, Any]:
    return localized(fa=month_label(year, month, "fa"), en=month_label(year, month, "en"))
