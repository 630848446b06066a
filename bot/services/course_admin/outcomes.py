"""What the staff's course actions return, and the lists of a course's people."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from bot.services.course_admin.fields import Problem
from storage.courses import Course
from storage.registrations import COMMITTED, SEAT_HOLDING, STATUSES

# "below_taken": set_capacity refuses fewer seats than are already held (an EditOutcome too)
EditResult = Literal["changed", "unchanged", "below_taken", "not_found", "cancelled", "invalid"]
CapacityResult = Literal["changed", "unchanged", "below_taken", "not_found", "cancelled", "invalid"]
StatusResult = Literal["changed", "unchanged", "not_found", "cancelled", "deadline_passed"]


@dataclass(frozen=True)
class EditOutcome:
    result: EditResult
    course: Course | None = None
    problems: tuple[Problem, ...] = ()
    offered: int = 0  # waitlisted people who got an offer (more seats)
    taken: int = 0  # seats held (when capacity could not go below it)


@dataclass(frozen=True)
class StatusOutcome:
    result: StatusResult
    course: Course | None = None


@dataclass(frozen=True)
class Overview:
    course: Course
    status: str  # effective status (bot.services.courses.effective_status)
    counts: dict[str, int]  # registrations by status
    seats_taken: int

    @property
    def seats_left(self) -> int:
        return max(self.course.capacity - self.seats_taken, 0)


@dataclass(frozen=True)
class Person:
    """One person of a course list, as staff see it (IDs masked unless revealed)."""

    registration_id: int
    member_id: int
    name: str
    national_id: str
    mobile: str
    cooperative: str
    status: str
    need_score: float
    requested_at: datetime
    position: int | None = None


@dataclass(frozen=True)
class AttendanceLine:
    session_at: datetime
    coming: int
    not_coming: int
    names_not_coming: tuple[str, ...]


Listing = Literal["registrants", "waitlist", "nominees", "cancelled"]
LISTS: dict[str, tuple[str, ...]] = {
    "registrants": tuple(s for s in STATUSES if s in SEAT_HOLDING),
    "waitlist": ("waitlisted",),
    "nominees": COMMITTED,
    "cancelled": ("cancelled",),
}
