"""The seats the nomination frees or takes are the registration service's to offer: what the
nomination uses of RegistrationService (bot/services/registration.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.services.course_notices import CourseNotices
from storage.courses import Course


class SeatKeeper(Protocol):
    """What the nomination uses of RegistrationService (bot/services/registration.py)."""

    async def fill_free_seats(
        self, conn: AsyncConnection, course: Course, now: datetime, notices: CourseNotices
    ) -> list[Any]: ...

    async def sync_course_status(
        self, conn: AsyncConnection, course: Course, now: datetime
    ) -> None: ...
