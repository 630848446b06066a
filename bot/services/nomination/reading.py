"""Reading the cycle for staff screens: the overview, a month's allocation, its entries, the
audit trail, the people sent to TVTO and their names."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from bot.services.nomination.allocation import under_review
from bot.services.nomination.cutoffs import Cycle
from bot.services.nomination.month_steps import placed_registrations
from bot.services.nomination.results import CourseAllocation, MonthView, Overview
from storage.courses import Course, CoursesRepo
from storage.engine import Database
from storage.nominations import AuditEntry, NominationEntry, NominationMonth, NominationsRepo
from storage.registrations import Registration, RegistrationsRepo


@dataclass(frozen=True)
class MonthReader:
    db: Database
    cycle: Cycle

    async def overview(self) -> Overview:
        collecting = self.cycle.collecting_month()
        async with self.db.read() as conn:
            waiting = await RegistrationsRepo(conn).with_status(("requested", "waitlisted"))
            months = await NominationsRepo(conn).months(limit=6)
            reviewed = (await under_review(conn)).registrations
        in_review = sum(r.id in reviewed for r in waiting)
        return Overview(
            collecting=collecting,
            cutoff=self.cycle.cutoff_at(*collecting),
            waiting=len(waiting) - in_review,
            months=months,
            in_review=in_review,
        )

    async def month(self, month_id: int) -> NominationMonth | None:
        async with self.db.read() as conn:
            return await NominationsRepo(conn).month_by_id(month_id)

    async def view(self, month_id: int) -> MonthView | None:
        async with self.db.read() as conn:
            repo = NominationsRepo(conn)
            month = await repo.month_by_id(month_id)
            if month is None:
                return None
            entries = await repo.entries(month_id)
            found = await CoursesRepo(conn).get_many(sorted({e.course_id for e in entries}))
        allocations = []
        for course_id, group in groupby(entries, key=lambda e: e.course_id):
            items = list(group)
            allocations.append(
                CourseAllocation(
                    course=found[course_id],
                    placed=[e for e in items if e.placed],
                    unplaced=[e for e in items if not e.placed],
                )
            )
        return MonthView(month, allocations)

    async def entry(self, entry_id: int) -> NominationEntry | None:
        async with self.db.read() as conn:
            return await NominationsRepo(conn).entry(entry_id)

    async def audit_trail(
        self, subject: str | None = None, subject_id: int | None = None
    ) -> list[AuditEntry]:
        async with self.db.read() as conn:
            return await NominationsRepo(conn).audit_trail(subject, subject_id)

    async def sent_registrations(self, month_id: int) -> list[tuple[Registration, Course]]:
        async with self.db.read() as conn:
            month = await NominationsRepo(conn).month_by_id(month_id)
            if month is None:
                return []
            found = await placed_registrations(conn, month, ("sent",))
            courses = await CoursesRepo(conn).get_many(sorted({r.course_id for r in found}))
        return [(r, courses[r.course_id]) for r in found]

    async def names(self, member_ids: list[int]) -> dict[int, str]:
        """Display names for staff screens: the assessment's full name, else the messenger's."""
        from storage.assessments import AssessmentsRepo
        from storage.members import MembersRepo

        out: dict[int, str] = {}
        async with self.db.read() as conn:
            members = MembersRepo(conn)
            profiles = AssessmentsRepo(conn)
            for member_id in member_ids:
                profile = await profiles.profile(member_id)
                name = getattr(profile, "full_name", None) if profile else None
                if not name:
                    member = await members.get_by_id(member_id)
                    parts = (member.first_name, member.last_name) if member else ()
                    name = " ".join(p for p in parts if p) or f"#{member_id}"
                out[member_id] = name
        return out
