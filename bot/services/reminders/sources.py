"""What the reminders read from other features and write through: the courses, registration
and assessment services and the ledger, as small protocols (ReminderService's constructor takes
them)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime
from typing import Any, Protocol

from bot.services.ledger import BulkWriter, Notice


class CourseLike(Protocol):
    id: int
    title_fa: str
    title_en: str
    status: str
    provider_name: str
    provider_address: str
    delivery_mode: str
    registration_deadline: datetime


class RegistrationLike(Protocol):
    id: int
    course_id: int
    member_id: int
    status: str


class CourseSource(Protocol):
    """The part of bot/services/courses.py CourseService the planner uses."""

    async def find(self, course_id: int) -> Any | None: ...

    async def find_many(self, course_ids: Iterable[int]) -> dict[int, Any]:
        """The courses that exist among the ids, in one read (optional: else one `find` each)."""
        ...

    def session_occurrences(self, course: Any) -> list[tuple[datetime, datetime]]: ...

    async def confirmed_registrations(self, course_id: int | None = None) -> list[Any]: ...

    async def browsable(self) -> list[Any]:
        """Courses open for registration (their deadline not passed)."""
        ...


class RegistrationSource(Protocol):
    """The part of bot/services/registration.py RegistrationService the reminders use."""

    async def registration(self, registration_id: int) -> Any | None: ...

    async def waitlist(self, course_id: int) -> list[Any]: ...

    async def cancel(self, member_id: int, course_id: int) -> Any: ...


class UnfinishedSource(Protocol):
    """AssessmentService.members_with_unfinished (bot/services/assessment.py)."""

    async def members_with_unfinished(self) -> Iterable[int]: ...


class Ledger(Protocol):
    """The part of bot/services/ledger.py LedgerService the reminders write through."""

    async def plan(self, notices: Iterable[Notice]) -> int: ...

    async def replan(self, notices: Iterable[Notice]) -> int: ...

    def bulk(self) -> BulkWriter: ...

    async def cancel(self, **filters: Any) -> int: ...


SentLists = Callable[[int, int], Awaitable[bool]]  # (year, month) → its list went to TVTO
