"""A course in the raw form of the catalogue file (bot/services/catalogue.py `FIELDS`): Jalali
dates as `1404/09/15`, sessions as `[{"day": "Saturday", "start": "09:00", "end": "12:00"}]` or
`شنبه 09:00-12:00; …`, the deadline as a date or `date HH:MM`; and as the audit keeps it."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from bot.persian.jalali import (
    TEHRAN,
    WEEKDAYS_EN,
    deadline_day,
    format_date_numeric,
    jalali_weekday_index,
)
from storage.courses import CourseData, Session


def jalali_text(day: date) -> str:
    return format_date_numeric(day, "en")


def session_items(sessions: Iterable[Session]) -> list[dict[str, str]]:
    return [
        {
            "day": WEEKDAYS_EN[jalali_weekday_index(s.weekday)],
            "start": s.start.strftime("%H:%M"),
            "end": s.end.strftime("%H:%M"),
        }
        for s in sessions
    ]


def sessions_text(items: list[dict[str, str]]) -> str:
    """`Saturday 09:00-12:00; Monday 09:00-12:00` (the catalogue's text form)."""
    return "; ".join(f"{i['day']} {i['start']}-{i['end']}" for i in items)


def deadline_text(deadline: datetime) -> str:
    """A date when registration closes at the end of that day (Tehran), else `date HH:MM`."""
    day, at = deadline_day(deadline)
    return jalali_text(day) if at is None else f"{jalali_text(day)} {at.strftime('%H:%M')}"


def raw_of(course: CourseData) -> dict[str, Any]:
    """A course as raw catalogue values (the inverse of CourseIn)."""
    return {
        "ref": course.ref,
        "standard_code": course.standard_code,
        "title_fa": course.title_fa,
        "title_en": course.title_en,
        "topic": course.topic,
        "provider_kind": course.provider_kind,
        "provider_name": course.provider_name,
        "provider_address": course.provider_address,
        "provider_phone": course.provider_phone,
        "province": course.province,
        "county": course.county,
        "delivery_mode": course.delivery_mode,
        "start": jalali_text(course.start_date),
        "end": jalali_text(course.end_date),
        "sessions": session_items(course.sessions),
        "total_hours": course.total_hours,
        "capacity": course.capacity,
        "deadline": deadline_text(course.registration_deadline),
    }


def new_ref(now: datetime) -> str:
    return f"chat-{now.astimezone(TEHRAN):%Y%m%d%H%M}-{secrets.token_hex(3)}"


def audit_view(raw: dict[str, Any]) -> dict[str, Any]:
    """Raw values as the audit keeps them (sessions as one text)."""
    out = dict(raw)
    if isinstance(out.get("sessions"), list):
        out["sessions"] = sessions_text(out["sessions"])
    return out
