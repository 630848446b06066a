"""Staff edits of a course (any field, capacity, status). Callers own the transaction and lock
the course first (`CoursesRepo.get_for_update`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.courses import Course, CourseData, CoursesRepo
from storage.schema.courses import courses


class CourseEditsRepo:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def replace(self, course_id: int, data: CourseData, now: datetime) -> Course:
        """Write every defining field of the course (status and id stay)."""
        values = data.row()
        await self.conn.execute(
            update(courses).where(courses.c.id == course_id).values(**values, updated_at=now)
        )
        course = await CoursesRepo(self.conn).get(course_id)
        assert course is not None
        return course

    async def set_ref(self, course_id: int, ref: str, now: datetime) -> None:
        await self.conn.execute(
            update(courses).where(courses.c.id == course_id).values(ref=ref, updated_at=now)
        )
