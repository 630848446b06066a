"""The words of the course screens: text keys by status and outcome, and callback data."""

from __future__ import annotations

from bot.chat import callbacks
from handlers.features import Feature

MAX_LISTED = 20

COURSE_STATUS_KEYS = {
    "open": "courses-course-open",
    "full": "courses-course-full",
    "closed": "courses-course-closed",
    "cancelled": "courses-course-cancelled",
    "started": "courses-course-started",
}
MY_STATUS_KEYS = {
    "requested": "courses-status-requested",
    "nominated": "courses-status-nominated",
    "sent": "courses-status-sent",
    "confirmed": "courses-status-confirmed",
    "rejected": "courses-status-rejected",
    "waitlisted": "courses-status-waitlisted",
    "offered": "courses-status-offered",
    "cancelled": "courses-status-cancelled",
    "attended": "courses-status-attended",
    "completed": "courses-status-completed",
}
PROVIDER_KEYS = {
    "tvto_centre": "courses-kind-tvto-centre",
    "private_institute": "courses-kind-private-institute",
}
REGISTER_KEYS = {
    "requested": "courses-register-requested",
    "already": "courses-register-already",
    "need_assessment": "courses-register-need-assessment",
    "need_consent": "courses-register-need-consent",
    "closed": "courses-register-closed",
    "not_found": "courses-not-found",
}
CANCEL_KEYS = {
    "cancelled": "courses-cancel-done",
    "not_registered": "courses-cancel-not-registered",
    "too_late": "courses-cancel-too-late",
    "not_found": "courses-not-found",
}
OFFER_KEYS = {
    "accepted": "courses-offer-accepted",
    "declined": "courses-offer-declined",
    "expired": "courses-offer-expired",
    "not_offered": "courses-offer-not-offered",
    "not_found": "courses-offer-not-offered",
}

# What the buttons may ask; anything else is an old or forged button.
BROWSE_ACTIONS = frozenset({"menu", "rec", "topics", "topic", "counties", "county"})
COURSE_ACTIONS = frozenset({"view", "reg", "can", "canok", "acc", "dec", "ics"})

# Where a course card was opened from: its «بازگشت» goes back there ("my": My courses).
FROM_MY = "my"


def cb(action: str, *args: object) -> str:
    return callbacks.encode(Feature.COURSES, action, *args)
