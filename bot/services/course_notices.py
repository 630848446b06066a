"""Notices about a person's course registration, written to the delivery ledger.

Called INSIDE the caller's write transaction, so a status change and its notice commit together.
Each notice's occurrence carries the registration's version, so every change is told once.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.chat import callbacks
from bot.chat.features import Feature
from bot.persian.jalali import month_label, to_utc
from storage.courses import Course
from storage.ledger import LedgerRepo
from storage.registrations import Registration

CAUSE_STATUS = "course.status"
CAUSE_OFFER = "course.offer"

# What happened -> the text the person gets (a literal table, so the locale test can check it).
NOTICE_KEYS: dict[str, str] = {
    "offer": "courses-notice-offer",
    "offer-expired": "courses-notice-offer-expired",
    "nominated": "courses-notice-nominated",
    "carried-over": "courses-notice-carried-over",
    "bumped": "courses-notice-bumped",
    "sent": "courses-notice-sent",
    "confirmed": "courses-notice-confirmed",
    "returned": "courses-notice-returned",
    "rejected": "courses-notice-rejected",
    "course-cancelled": "courses-notice-course-cancelled",
}


def group_key(course_id: int) -> str:
    return f"course:{course_id}"


def occurrence(registration: Registration, what: str) -> str:
    return f"reg:{registration.id}:v{registration.version}:{what}"


def offer_buttons(registration: Registration) -> list[list[dict[str, str]]]:
    return [
        [
            {
                "key": "courses-offer-accept",
                "data": callbacks.encode(Feature.COURSES, "acc", registration.id),
            },
            {
                "key": "courses-offer-decline",
                "data": callbacks.encode(Feature.COURSES, "dec", registration.id),
            },
        ]
    ]


def calendar_buttons(course: Course) -> list[list[dict[str, str]]]:
    return [
        [{"key": "courses-ics-button", "data": callbacks.encode(Feature.COURSES, "ics", course.id)}]
    ]


def by_locale(fa: str, en: str) -> dict[str, dict[str, str]]:
    """A ledger argument given per language; the dispatcher picks the recipient's."""
    return {"by_locale": {"fa": fa, "en": en}}


def title_arg(course: Course) -> dict[str, dict[str, str]]:
    return by_locale(course.title_fa, course.title_en)


def month_arg(year: int, month: int) -> dict[str, dict[str, str]]:
    return by_locale(month_label(year, month, "fa"), month_label(year, month, "en"))


class CourseNotices:
    """Enqueues course notices on the caller's connection."""

    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn
        self.ledger = LedgerRepo(conn)

    async def tell(
        self,
        what: str,
        registration: Registration,
        course: Course,
        now: datetime,
        *,
        args: dict[str, Any] | None = None,
        buttons: list[list[dict[str, str]]] | None = None,
    ) -> bool:
        """A status notice (cause `course.status`)."""
        payload: dict[str, Any] = {
            "text": {
                "key": NOTICE_KEYS[what],
                "args": {
                    "title": title_arg(course),
                    "start": {"date": _iso_date(course)},
                    **(args or {}),
                },
            }
        }
        if buttons:
            payload["buttons"] = buttons
        return await self.ledger.enqueue(
            member_id=registration.member_id,
            cause=CAUSE_STATUS,
            occurrence=occurrence(registration, what),
            due_at=now,
            payload=payload,
            group_key=group_key(course.id),
        )

    async def offer(self, registration: Registration, course: Course, now: datetime) -> bool:
        """A waitlist offer with accept/decline buttons, void after its deadline."""
        assert registration.offer_deadline is not None
        payload = {
            "text": {
                "key": NOTICE_KEYS["offer"],
                "args": {
                    "title": title_arg(course),
                    "start": {"date": _iso_date(course)},
                    "deadline": {"datetime": registration.offer_deadline.isoformat()},
                },
            },
            "buttons": offer_buttons(registration),
        }
        return await self.ledger.enqueue(
            member_id=registration.member_id,
            cause=CAUSE_OFFER,
            occurrence=occurrence(registration, "offer"),
            due_at=now,
            payload=payload,
            expires_at=registration.offer_deadline,
            urgent=True,
            group_key=group_key(course.id),
        )

    async def withdraw_offer(self, registration: Registration) -> int:
        """Cancel an offer notice not sent yet (the offer was answered, expired or cancelled)."""
        return await self.ledger.cancel(
            cause=CAUSE_OFFER,
            member_id=registration.member_id,
            occurrence_prefix=f"reg:{registration.id}:",
        )


def _iso_date(course: Course) -> str:
    """The start date as an ISO UTC instant at noon Tehran (the same day in every zone we show)."""
    return to_utc(datetime.combine(course.start_date, time(12, 0))).isoformat()
