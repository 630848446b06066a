"""How reminders are keyed in the delivery ledger: causes, the kinds people turn on and off,
groups (a course, a Jalali month) and the stamp that names a session in occurrences and buttons."""

from __future__ import annotations

from datetime import UTC, datetime

CAUSE_SESSION = "reminder.session"
CAUSE_COURSE_START = "reminder.course_start"
CAUSE_DEADLINE = "reminder.deadline"
CAUSE_SCHEDULE = "reminder.schedule"
CAUSE_ASSESSMENT = "reminder.assessment"
CAUSE_WITHDRAWAL = "reminder.withdrawal"  # to staff: someone can't come to a course's start
CAUSE_MONTHLY = "deadline.monthly"
CAUSE_ESCALATION = "deadline.escalation"

# Reminder kinds people can turn on and off (/reminders) and the causes each covers.
KINDS: dict[str, tuple[str, ...]] = {
    "session": (CAUSE_SESSION,),
    "course": (CAUSE_COURSE_START, CAUSE_DEADLINE),
    "assessment": (CAUSE_ASSESSMENT,),
    "staff": (CAUSE_MONTHLY, CAUSE_WITHDRAWAL),
}
STAFF_ONLY_KINDS = ("staff",)
PLANNED_COURSE_CAUSES = (CAUSE_SESSION, CAUSE_COURSE_START, CAUSE_DEADLINE)
MONTH_DEADLINE_CAUSES = (CAUSE_MONTHLY, CAUSE_ESCALATION)

STAMP = "%Y%m%d%H%M"  # a session in callback data and occurrences: its UTC start


def stamp(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime(STAMP)


def parse_stamp(text: str | None) -> datetime | None:
    if not text or len(text) != 12 or not text.isascii() or not text.isdigit():
        return None
    try:
        return datetime.strptime(text, STAMP).replace(tzinfo=UTC)
    except ValueError:
        return None


def course_group(course_id: int) -> str:
    """The ledger group of everything about a course (shared with the courses feature)."""
    return f"course:{course_id}"


def monthly_group(year: int, month: int) -> str:
    return f"monthly:{period(year, month)}"


def period(year: int, month: int) -> str:
    return f"{year}-{month:02d}"
