"""What the nomination service returns: a month's allocation, the preview of the collecting month,
the overview, and the outcomes of staff's moves and steps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from storage.courses import Course
from storage.nominations import NewEntry, NominationEntry, NominationMonth

ListEntry = NominationEntry | NewEntry  # a frozen list's person, or a preview's
MoveResult = Literal["moved", "unchanged", "no_seat", "over_cap", "not_frozen", "not_found"]
StepResult = Literal["done", "wrong_status", "not_found"]


@dataclass(frozen=True)
class CourseAllocation:
    course: Course
    placed: list[NominationEntry]
    unplaced: list[NominationEntry]


@dataclass(frozen=True)
class MonthView:
    month: NominationMonth
    courses: list[CourseAllocation]

    @property
    def placed_count(self) -> int:
        return sum(len(c.placed) for c in self.courses)

    @property
    def unplaced_count(self) -> int:
        return sum(len(c.unplaced) for c in self.courses)

    @property
    def rejected_count(self) -> int:
        """Placed people TVTO did not take."""
        return sum(e.rejected_at is not None for c in self.courses for e in c.placed)


@dataclass(frozen=True)
class PreviewLine:
    course: Course
    requests: int  # waiting requests for this course
    placed: int  # how many the list would place if it closed now
    people: list[NewEntry]  # every request, by rank (placed or not)


@dataclass(frozen=True)
class Overview:
    collecting: tuple[int, int]  # the month requests join now
    cutoff: datetime  # when its list closes
    waiting: int  # requests waiting for the collecting month's list
    months: list[NominationMonth]  # the latest frozen months, newest first
    in_review: int = 0  # requests in a closed list staff have not approved yet
