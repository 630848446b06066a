"""The monthly nomination cycle to TVTO.

1. Requests collect through the Jalali month. The list of month M closes on its cut-off day
   (`nomination_cutoff_day`, default the 25th) at `nomination_cutoff_time` (default 09:00),
   Tehran time: the same moment the reminders feature tells staff to send the list. A cut-off
   day past the month's end means its last day (31 in a 30-day month → the 30th; 30 in Esfand of
   a common year → the 29th). Without a cut-off time the list closes at the end of the day.
2. Freezing takes every waiting request (requested or waitlisted before the cut-off) and allocates
   the seats the month can give per course (capacity − seats already committed − open offers) by
   need score, then request time, with at most `nomination_coop_cap` people of one cooperative per
   course. Nothing changes for the members yet: the allocation is a proposal.
3. Staff review it, move people in or out (each move records who and why) and approve. Approval
   nominates the placed people (a waitlisted person placed takes the seat of the lowest-ranked
   unplaced request, who goes to the waitlist), carries the unplaced over to next month's list,
   and offers any seat left free to the waitlist.
4. Staff export the list (XLSX/CSV), mark it sent to TVTO, then mark whom TVTO confirmed.
   Marking it sent also cancels the month's pending deadline reminders to staff and admins
   (bot/services/reminders.py), in the same transaction.
Every step is told to the members through the ledger, inside the same transaction, and written
to the audit log with who did it (exports too).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from functools import lru_cache
from itertools import groupby
from typing import Any, Literal, Protocol

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.core.clock import Clock
from bot.core.config import Settings
from bot.persian.jalali import (
    add_months,
    days_in_month,
    jalali_month_of,
    jalali_to_gregorian,
    to_utc,
)
from bot.questionnaire.loader import places_of
from bot.questionnaire.model import Questionnaire
from bot.services.audit import audit
from bot.services.course_notices import CourseNotices, calendar_buttons, month_arg
from bot.services.courses import NeedsSource, has_started
from bot.services.exports import NomineeRow
from bot.services.reminders import cancel_month_deadlines
from storage.courses import Course, CoursesRepo
from storage.engine import Database
from storage.members import MembersRepo
from storage.nominations import (
    AuditEntry,
    NewEntry,
    NominationMonth,
    NominationsRepo,
)
from storage.nominations import NominationEntry as NominationEntry  # handlers take it from here
from storage.registrations import (
    COMMITTED,
    SEAT_HOLDING,
    MonthNominee,
    Registration,
    RegistrationsRepo,
)

ListEntry = NominationEntry | NewEntry  # a frozen list's person, or a preview's
MoveResult = Literal["moved", "unchanged", "no_seat", "over_cap", "not_frozen", "not_found"]
StepResult = Literal["done", "wrong_status", "not_found"]


# --- the calendar of the cycle -------------------------------------------------------------------


def cutoff_day(year: int, month: int, day: int) -> int:
    """The cut-off day of one month: the configured day, or the month's last day."""
    return min(day, days_in_month(year, month))


def cutoff_at(year: int, month: int, day: int, at: time | None = None) -> datetime:
    """The instant month (year, month)'s list closes: the cut-off day at `at` (Tehran), or, by
    default, the end of that day."""
    last = jalali_to_gregorian(year, month, cutoff_day(year, month, day))
    assert last is not None
    if at is not None:
        return to_utc(datetime.combine(last, at))
    return to_utc(datetime.combine(last + timedelta(days=1), time(0, 0)))


def list_month_for(now: datetime, day: int, at: time | None = None) -> tuple[int, int]:
    """The month whose list a request made at `now` joins."""
    year, month = jalali_month_of(now)
    if now < cutoff_at(year, month, day, at):
        return year, month
    return add_months(year, month, 1)


def last_closed_month(now: datetime, day: int, at: time | None = None) -> tuple[int, int]:
    """The latest month whose cut-off has passed at `now`."""
    year, month = jalali_month_of(now)
    if now >= cutoff_at(year, month, day, at):
        return year, month
    return add_months(year, month, -1)


# --- views ---------------------------------------------------------------------------------------


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


class SeatKeeper(Protocol):
    """What the nomination uses of RegistrationService (bot/services/registration.py)."""

    async def fill_free_seats(
        self, conn: AsyncConnection, course: Course, now: datetime, notices: CourseNotices
    ) -> list[Any]: ...

    async def sync_course_status(
        self, conn: AsyncConnection, course: Course, now: datetime
    ) -> None: ...


class NominationService:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        settings: Settings,
        registration: SeatKeeper,
        needs: NeedsSource | None = None,
        questionnaire: Questionnaire | None = None,
    ) -> None:
        """`questionnaire`: its places and option texts name the nominees' provinces, counties,
        cooperative kinds and roles in the exports (the bundled places and raw ids without)."""
        self.db = db
        self.clock = clock
        self.settings = settings
        self.registration = registration
        self.needs = needs
        self.questionnaire = questionnaire

    @property
    def day(self) -> int:
        return self.settings.nomination_cutoff_day

    @property
    def at(self) -> time | None:
        """The cut-off time of day, when the settings name one (shared with the reminders)."""
        return getattr(self.settings, "nomination_cutoff_time", None)

    def cutoff_at(self, year: int, month: int) -> datetime:
        return cutoff_at(year, month, self.day, self.at)

    def collecting_month(self) -> tuple[int, int]:
        return list_month_for(self.clock.now(), self.day, self.at)

    # --- reading ------------------------------------------------------------------------------

    async def overview(self) -> Overview:
        collecting = self.collecting_month()
        async with self.db.read() as conn:
            waiting = await RegistrationsRepo(conn).with_status(("requested", "waitlisted"))
            months = await NominationsRepo(conn).months(limit=6)
            reviewed = (await _in_review(conn)).registrations
        in_review = sum(r.id in reviewed for r in waiting)
        return Overview(
            collecting=collecting,
            cutoff=self.cutoff_at(*collecting),
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

    # --- freezing -----------------------------------------------------------------------------

    async def freeze_due(self) -> NominationMonth | None:
        """Freeze the latest month whose cut-off has passed, once (run periodically). A month
        with no requests that closed before anyone first used the bot (a new install) is not
        frozen: the office does not start with an empty list to approve and send."""
        year, month = last_closed_month(self.clock.now(), self.day, self.at)
        async with self.db.read() as conn:
            if await NominationsRepo(conn).month(year, month) is not None:
                return None
        return await self.freeze(year, month, actor_id=None)

    async def freeze(
        self, year: int, month: int, *, actor_id: int | None
    ) -> NominationMonth | None:
        """Freeze a month whose cut-off has passed and allocate its seats. None when it is
        frozen already or its cut-off is still ahead."""
        now = self.clock.now()
        cutoff = self.cutoff_at(year, month)
        if now < cutoff:
            return None
        cap = self.settings.nomination_coop_cap
        async with self.db.write() as conn:
            repo = NominationsRepo(conn)
            if await repo.month(year, month) is not None:
                return None
            entries = [e for _, part in await _allocation(conn, cutoff, cap) for e in part]
            if not entries and actor_id is None and not await _in_use_before(conn, cutoff):
                return None  # a new install: no list for a month that closed before its first use
            created = await repo.create_month(
                year=year,
                month=month,
                cutoff_at=cutoff,
                frozen_at=now,
                frozen_by=actor_id,
                coop_cap=cap,
            )
            if created is None:
                return None
            await repo.add_entries(created.id, entries)
            # An earlier list nobody approved is replaced by this one (same requests and more).
            for older in await repo.months(limit=24):
                if older.id != created.id and older.status == "frozen":
                    await repo.update_month(older.id, expect=("frozen",), status="superseded")
            await audit(
                conn,
                now,
                actor_id,
                "freeze",
                "month",
                created.id,
                after={
                    "year": year,
                    "month": month,
                    "entries": len(entries),
                    "placed": sum(e.placed for e in entries),
                    "coop_cap": cap,
                },
            )
        return created

    async def preview(self) -> list[PreviewLine]:
        """The list of the month requests join now, as it would be if it closed with the
        requests made so far (nothing is written): per course, the requests and how many fit."""
        cutoff = self.cutoff_at(*self.collecting_month())
        async with self.db.read() as conn:
            allocation = await _allocation(
                conn, cutoff, self.settings.nomination_coop_cap, await _in_review(conn)
            )
        return [
            PreviewLine(
                course=course,
                requests=len(entries),
                placed=sum(e.placed for e in entries),
                people=entries,
            )
            for course, entries in allocation
        ]

    # --- staff review -------------------------------------------------------------------------

    async def cap_reached(self, entry_id: int) -> int:
        """How many of this person's cooperative the month already places in their course, when
        that is the month's per-cooperative cap or more (placing them would pass it); else 0."""
        async with self.db.read() as conn:
            repo = NominationsRepo(conn)
            entry = await repo.entry(entry_id)
            month = await repo.month_by_id(entry.month_id) if entry else None
            if entry is None or month is None:
                return 0
            same = await _same_cooperative(repo, entry)
        return same if same >= month.coop_cap else 0

    async def move(
        self,
        entry_id: int,
        *,
        placed: bool,
        actor_id: int,
        reason: str,
        over_cap: bool = False,
    ) -> MoveResult:
        """Put a person into (placed=True) or out of the month's list, with the reason. Placing
        one more of a cooperative that has reached the month's cap needs `over_cap` (staff
        confirmed it after a warning); the audit entry records it."""
        now = self.clock.now()
        async with self.db.write() as conn:
            repo = NominationsRepo(conn)
            entry = await repo.entry(entry_id)
            if entry is None:
                return "not_found"
            month = await repo.month_by_id(entry.month_id, lock=True)
            if month is None or month.status != "frozen":
                return "not_frozen"
            if entry.placed == placed:
                return "unchanged"
            if placed:
                course = await CoursesRepo(conn).get_for_update(entry.course_id)
                assert course is not None
                committed = await RegistrationsRepo(conn).count(course.id, (*COMMITTED, "offered"))
                already = len(await repo.entries(month.id, course_id=course.id, placed=True))
                if already >= course.capacity - committed:
                    return "no_seat"
                passes_cap = await _same_cooperative(repo, entry) >= month.coop_cap
                if passes_cap and not over_cap:
                    return "over_cap"
            else:
                passes_cap = False
            await repo.set_placed(entry.id, placed, "staff")
            await audit(
                conn,
                now,
                actor_id,
                "place" if placed else "unplace",
                "entry",
                entry.id,
                reason=reason,
                before={"placed": entry.placed, "reason": entry.reason},
                after={
                    "placed": placed,
                    "reason": "staff",
                    "registration_id": entry.registration_id,
                    **({"over_cap": True} if passes_cap else {}),
                },
            )
        return "moved"

    async def _step(
        self,
        month_id: int,
        *,
        actor_id: int,
        frm: str,
        to: str,
        action: str,
        work: Callable[[AsyncConnection, NominationMonth, datetime], Awaitable[dict[str, Any]]],
        reason: str | None = None,
    ) -> StepResult:
        """Move a month from status `frm` to `to` (stamping `<to>_at` and `<to>_by`) after
        `work` did its part, and audit it, all in one transaction; `work` returns what the
        audit entry records besides the status."""
        now = self.clock.now()
        async with self.db.write() as conn:
            repo = NominationsRepo(conn)
            month = await repo.month_by_id(month_id, lock=True)
            if month is None:
                return "not_found"
            if month.status != frm:
                return "wrong_status"
            done = await work(conn, month, now)
            stamps = {f"{to}_at": now, f"{to}_by": actor_id}
            await repo.update_month(month.id, expect=(frm,), status=to, **stamps)
            await audit(
                conn,
                now,
                actor_id,
                action,
                "month",
                month.id,
                reason=reason,
                before={"status": frm},
                after={"status": to, **done},
            )
        return "done"

    async def approve(
        self, month_id: int, *, actor_id: int, reason: str | None = None
    ) -> StepResult:
        async def nominate(
            conn: AsyncConnection, month: NominationMonth, now: datetime
        ) -> dict[str, Any]:
            entries = await NominationsRepo(conn).entries(month.id)
            notices = CourseNotices(conn)
            counts: Counter[str] = Counter()
            for course_id, group in groupby(entries, key=lambda e: e.course_id):
                counts.update(await self._apply_course(conn, course_id, list(group), now, notices))
            return dict(counts)

        return await self._step(
            month_id,
            actor_id=actor_id,
            frm="frozen",
            to="approved",
            action="approve",
            work=nominate,
            reason=reason,
        )

    async def _apply_course(
        self,
        conn: AsyncConnection,
        course_id: int,
        entries: list[NominationEntry],
        now: datetime,
        notices: CourseNotices,
    ) -> Counter[str]:
        counts: Counter[str] = Counter()
        course = await CoursesRepo(conn).get_for_update(course_id)
        assert course is not None
        regs = RegistrationsRepo(conn)
        current = await regs.get_many(e.registration_id for e in entries)
        waiting = ("requested", "waitlisted")
        # Seat holders not placed, lowest rank first: they give way to placed waitlisted people.
        yielding = [
            e.registration_id
            for e in sorted(entries, key=lambda e: e.rank, reverse=True)
            if not e.placed and current[e.registration_id].status == "requested"
        ]
        bumped: set[int] = set()
        for entry in (e for e in entries if e.placed):
            registration = current[entry.registration_id]
            if registration.status not in waiting:
                counts["skipped"] += 1  # cancelled or offered since the freeze
                continue
            if registration.status == "waitlisted":
                taken = await regs.count(course.id, SEAT_HOLDING)
                if taken >= course.capacity:
                    if not yielding:
                        counts["no_seat"] += 1
                        continue
                    victim = yielding.pop(0)
                    moved = await regs.set_status(
                        victim, "waitlisted", now, reason="bumped", expect=("requested",)
                    )
                    if moved is not None:
                        bumped.add(victim)
                        await notices.tell(
                            "bumped",
                            moved,
                            course,
                            now,
                            args={"position": await regs.waitlist_position(moved)},
                        )
            nominated = await regs.set_status(
                registration.id, "nominated", now, reason="monthly_list", expect=waiting
            )
            if nominated is not None:
                counts["nominated"] += 1
                await notices.tell("nominated", nominated, course, now)
        carried = [
            e.registration_id
            for e in entries
            if not e.placed and current[e.registration_id].status in waiting
        ]
        await regs.add_carry_over(carried)
        counts["carried_over"] += len(carried)
        for registration_id in carried:
            if registration_id in bumped:
                continue
            carried_reg = await regs.get(registration_id)
            assert carried_reg is not None
            await notices.tell(
                "carried-over",
                carried_reg,
                course,
                now,
                args={"month": month_arg(*self.collecting_month())},
            )
        await self.registration.fill_free_seats(conn, course, now, notices)
        await self.registration.sync_course_status(conn, course, now)
        return counts

    async def mark_sent(self, month_id: int, *, actor_id: int) -> StepResult:
        """The month's list went to TVTO: its people are told, and the month's pending deadline
        reminders (to staff, then the escalation to admins) are cancelled, in one transaction."""

        async def send(
            conn: AsyncConnection, month: NominationMonth, now: datetime
        ) -> dict[str, Any]:
            sent = await self._advance(
                conn, month, frm=("nominated",), to="sent", notice="sent", now=now
            )
            cancelled = await cancel_month_deadlines(conn, month.year, month.month, now)
            return {"registrations": sent, "reminders_cancelled": cancelled}

        return await self._step(
            month_id, actor_id=actor_id, frm="approved", to="sent", action="mark_sent", work=send
        )

    async def confirm(
        self,
        month_id: int,
        *,
        actor_id: int,
        registration_ids: list[int] | None = None,
        reason: str | None = None,
    ) -> int:
        """Mark people TVTO confirmed (all sent ones when `registration_ids` is None).
        Returns how many changed; the month is confirmed when nobody is left waiting."""
        now = self.clock.now()
        async with self.db.write() as conn:
            repo = NominationsRepo(conn)
            month = await repo.month_by_id(month_id, lock=True)
            if month is None or month.status not in ("sent", "confirmed"):
                return 0
            changed = await self._advance(
                conn,
                month,
                frm=("sent",),
                to="confirmed",
                notice="confirmed",
                now=now,
                only=registration_ids,
            )
            if changed:
                await audit(
                    conn,
                    now,
                    actor_id,
                    "confirm",
                    "month",
                    month.id,
                    reason=reason,
                    before={"status": "sent"},
                    after={"status": "confirmed", "registrations": changed},
                )
            still_sent = await self._registrations(conn, month, ("sent",))
            if not still_sent and month.status == "sent":
                await repo.update_month(
                    month.id, expect=("sent",), status="confirmed", confirmed_at=now
                )
        return len(changed)

    async def reject(
        self, month_id: int, registration_id: int, *, actor_id: int, reason: str
    ) -> StepResult:
        """TVTO did not take one person of a list sent to it, for `reason`: the registration
        becomes `rejected`, the month's entry keeps when, who recorded it and why, the person is
        told in their language, and the seat they held is offered to the next on the course's
        waitlist (TVTO's seat is still there; the one offered joins the next list). The month
        is confirmed when nobody is left waiting for TVTO's answer."""
        now = self.clock.now()
        async with self.db.write() as conn:
            repo = NominationsRepo(conn)
            month = await repo.month_by_id(month_id, lock=True)
            entry = await repo.entry_for_registration(month_id, registration_id) if month else None
            if month is None or entry is None or not entry.placed:
                return "not_found"
            if month.status not in ("sent", "confirmed"):
                return "wrong_status"
            course = await CoursesRepo(conn).get_for_update(entry.course_id)
            assert course is not None
            regs = RegistrationsRepo(conn)
            rejected = await regs.set_status(
                registration_id, "rejected", now, reason="tvto", expect=("sent",)
            )
            if rejected is None:  # confirmed, cancelled or rejected already
                return "wrong_status"
            await repo.set_rejected(entry.id, at=now, by=actor_id, reason=reason)
            notices = CourseNotices(conn)
            await notices.tell("rejected", rejected, course, now, args={"reason": reason})
            offered = await self.registration.fill_free_seats(conn, course, now, notices)
            await self.registration.sync_course_status(conn, course, now)
            await audit(
                conn,
                now,
                actor_id,
                "tvto_reject",
                "registration",
                registration_id,
                reason=reason,
                before={"status": "sent"},
                after={
                    "status": "rejected",
                    "month_id": month.id,
                    "entry_id": entry.id,
                    "offered": [r.id for r in offered],
                },
            )
            if month.status == "sent" and not await self._registrations(conn, month, ("sent",)):
                await repo.update_month(
                    month.id, expect=("sent",), status="confirmed", confirmed_at=now
                )
        return "done"

    async def return_to_list(self, registration_id: int, *, actor_id: int, reason: str) -> bool:
        """Staff withdraw a nomination (or TVTO asks for the person in a later month): the
        request goes back to waiting for the next monthly list, seat kept. A person TVTO did
        not take at all is `reject`ed."""
        now = self.clock.now()
        async with self.db.write() as conn:
            regs = RegistrationsRepo(conn)
            registration = await regs.get(registration_id)
            if registration is None:
                return False
            course = await CoursesRepo(conn).get_for_update(registration.course_id)
            assert course is not None
            returned = await regs.set_status(
                registration_id,
                "requested",
                now,
                reason="returned",
                expect=("nominated", "sent"),
            )
            if returned is None:
                return False
            await audit(
                conn,
                now,
                actor_id,
                "return_to_list",
                "registration",
                registration_id,
                reason=reason,
                before={"status": registration.status},
                after={"status": "requested"},
            )
            notices = CourseNotices(conn)
            await notices.tell(
                "returned",
                returned,
                course,
                now,
                args={"month": month_arg(*self.collecting_month())},
            )
        return True

    async def sent_registrations(self, month_id: int) -> list[tuple[Registration, Course]]:
        async with self.db.read() as conn:
            month = await NominationsRepo(conn).month_by_id(month_id)
            if month is None:
                return []
            found = await self._registrations(conn, month, ("sent",))
            courses = await CoursesRepo(conn).get_many(sorted({r.course_id for r in found}))
        return [(r, courses[r.course_id]) for r in found]

    async def _registrations(
        self, conn: AsyncConnection, month: NominationMonth, statuses: tuple[str, ...]
    ) -> list[Registration]:
        entries = await NominationsRepo(conn).entries(month.id, placed=True)
        current = await RegistrationsRepo(conn).get_many(e.registration_id for e in entries)
        return [
            current[e.registration_id]
            for e in entries
            if current[e.registration_id].status in statuses
        ]

    async def _advance(
        self,
        conn: AsyncConnection,
        month: NominationMonth,
        *,
        frm: tuple[str, ...],
        to: Any,
        notice: str,
        now: datetime,
        only: list[int] | None = None,
    ) -> list[int]:
        regs = RegistrationsRepo(conn)
        courses = CoursesRepo(conn)
        notices = CourseNotices(conn)
        changed: list[int] = []
        chosen = set(only) if only is not None else None
        for registration in await self._registrations(conn, month, frm):
            if chosen is not None and registration.id not in chosen:
                continue
            moved = await regs.set_status(
                registration.id, to, now, reason="monthly_list", expect=frm
            )
            if moved is None:
                continue
            course = await courses.get(moved.course_id)
            assert course is not None
            buttons = calendar_buttons(course) if to == "confirmed" else None
            await notices.tell(notice, moved, course, now, buttons=buttons)
            changed.append(moved.id)
        return changed

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

    # --- export -------------------------------------------------------------------------------

    async def export_rows(
        self,
        month_id: int,
        *,
        locale: str = "fa",
        exported_by: int | None = None,
        fmt: str | None = None,
    ) -> list[NomineeRow]:
        """The month's placed people (not cancelled), by course and priority. With
        `exported_by` (a staff member's id) the export is written to the audit log."""
        rows = await self._export_rows(month_id, locale)
        if exported_by is not None:
            async with self.db.write() as conn:
                month = await NominationsRepo(conn).month_by_id(month_id)
                if month is not None:
                    after = {"year": month.year, "month": month.month, "rows": len(rows)}
                    await audit(
                        conn,
                        self.clock.now(),
                        exported_by,
                        "export.month",
                        "month",
                        month.id,
                        after={**after, "format": fmt},
                    )
        return rows

    async def _export_rows(self, month_id: int, locale: str) -> list[NomineeRow]:
        """The month's placed, not cancelled people with profile and cooperative: one query."""
        kinds, roles = self._labels(locale)
        places = places_of(self.questionnaire)

        @lru_cache(maxsize=4096)  # a month's people come from a few places: look each up once
        def place(province: str | None, county: str | None) -> tuple[str, str]:
            return (
                places.province_name(province, locale),
                places.county_name(province, county, locale),
            )

        async with self.db.read() as conn:
            if await NominationsRepo(conn).month_by_id(month_id) is None:
                return []
            nominees = [n async for n in RegistrationsRepo(conn).month_nominees(month_id)]
            found = await CoursesRepo(conn).get_many(sorted({n.course_id for n in nominees}))
        return [_row(n, found[n.course_id], kinds, roles, place, locale) for n in nominees]

    def _labels(self, locale: str) -> tuple[dict[str, str], dict[str, str]]:
        """Option texts of the questionnaire for cooperative kinds and roles."""
        questionnaire = self.questionnaire
        labels: dict[str, dict[str, str]] = {"coop.kind": {}, "person.role": {}}
        for question in getattr(questionnaire, "questions", None) or []:
            if getattr(question, "field", None) in labels:
                for option in question.options or []:
                    labels[question.field][option.id] = option.text.get(locale)
        return labels["coop.kind"], labels["person.role"]


async def _same_cooperative(repo: NominationsRepo, entry: NominationEntry) -> int:
    """People of `entry`'s cooperative placed in its course in its month (others than it)."""
    if entry.cooperative_id is None:
        return 0
    placed = await repo.entries(entry.month_id, course_id=entry.course_id, placed=True)
    return sum(e.cooperative_id == entry.cooperative_id and e.id != entry.id for e in placed)


@dataclass(frozen=True)
class InReview:
    """What closed lists staff have not approved yet hold: right after a cut-off their requests
    wait for that review, not for the next list (approval carries the unplaced over), and the
    seats they place are spoken for."""

    registrations: frozenset[int]
    placed: Counter[int]  # course id -> people placed


async def _in_review(conn: AsyncConnection) -> InReview:
    repo = NominationsRepo(conn)
    found: set[int] = set()
    placed: Counter[int] = Counter()
    for month in await repo.months(limit=24):
        if month.status == "frozen":
            for entry in await repo.entries(month.id):
                found.add(entry.registration_id)
                placed[entry.course_id] += entry.placed
    return InReview(frozenset(found), placed)


async def _in_use_before(conn: AsyncConnection, cutoff: datetime) -> bool:
    """Did anyone meet the bot before this cut-off?"""
    first = await MembersRepo(conn).first_seen()
    return first is not None and first < cutoff


async def _allocation(
    conn: AsyncConnection, cutoff: datetime, cap: int, review: InReview | None = None
) -> list[tuple[Course, list[NewEntry]]]:
    """Every course's waiting requests made before `cutoff`, ranked and placed in its free seats
    (a course cancelled or started by then takes nobody); with `review`, the requests and seats
    of lists still under review are left out."""
    regs = RegistrationsRepo(conn)
    candidates = await regs.candidates(requested_before=cutoff)
    if review is not None:
        candidates = [r for r in candidates if r.id not in review.registrations]
    found = await CoursesRepo(conn).get_many(sorted({r.course_id for r in candidates}))
    out: list[tuple[Course, list[NewEntry]]] = []
    for course_id, group in groupby(candidates, key=lambda r: r.course_id):
        course = found[course_id]
        if course.status == "cancelled" or has_started(course, cutoff):
            continue
        committed = await regs.count(course.id, (*COMMITTED, "offered"))
        held = review.placed[course.id] if review is not None else 0
        seats = max(course.capacity - committed - held, 0)
        out.append((course, _allocate(list(group), seats, cap)))
    return out


def _allocate(pool: list[Registration], seats: int, cap: int) -> list[NewEntry]:
    """Rank a course's waiting requests (already by need, then time) and place them."""
    per_coop: Counter[int] = Counter()
    placed = 0
    out: list[NewEntry] = []
    for rank, registration in enumerate(pool, start=1):
        coop = registration.cooperative_id
        if placed >= seats:
            reason: str | None = "seats"
        elif coop is not None and per_coop[coop] >= cap:
            reason = "cap"
        else:
            reason = None
            placed += 1
            if coop is not None:
                per_coop[coop] += 1
        out.append(
            NewEntry(
                registration_id=registration.id,
                course_id=registration.course_id,
                member_id=registration.member_id,
                cooperative_id=coop,
                need_score=registration.need_score,
                requested_at=registration.requested_at,
                rank=rank,
                placed=reason is None,
                reason=reason,
            )
        )
    return out


def split_name(full_name: str | None) -> tuple[str, str]:
    """First name and last name from one «full name» answer: the first word, then the rest."""
    parts = (full_name or "").split()
    if not parts:
        return "", ""
    if len(parts) == 1:
        return parts[0], ""
    return parts[0], " ".join(parts[1:])


# The «TVTO's answer» column, in the file's language (rejected: with TVTO's reason).
TVTO_ANSWERS = {
    "fa": {"confirmed": "تأیید شد", "rejected": "رد شد"},
    "en": {"confirmed": "confirmed", "rejected": "rejected"},
}


def tvto_answer(nominee: MonthNominee, locale: str) -> str:
    answer = TVTO_ANSWERS["en" if locale == "en" else "fa"].get(nominee.status, "")
    if nominee.status == "rejected" and nominee.rejection_reason:
        return f"{answer}{'، ' if locale != 'en' else ': '}{nominee.rejection_reason}"
    return answer


def _row(
    nominee: MonthNominee,
    course: Course,
    kinds: dict[str, str],
    roles: dict[str, str],
    place: Callable[[str | None, str | None], tuple[str, str]],
    locale: str,
) -> NomineeRow:
    """One nominee in the words of the file: kinds, roles, and `place` names the province and
    county in `locale` (a cooperative stores their ids, a course their Persian names)."""
    cooperative = nominee.cooperative
    first, last = split_name(nominee.full_name)
    kind = (cooperative.kind if cooperative else None) or ""
    role = nominee.role or ""
    province = (cooperative.province if cooperative else None) or course.province
    county = (cooperative.county if cooperative else None) or course.county
    province_name, county_name = place(province, county)
    return NomineeRow(
        first_name=first,
        last_name=last,
        national_id=nominee.national_id or "",
        mobile=nominee.mobile or "",
        cooperative_name=cooperative.name if cooperative else "",
        cooperative_national_id=(cooperative.national_id if cooperative else None) or "",
        registration_no=(cooperative.registration_no if cooperative else None) or "",
        cooperative_kind=kinds.get(kind, kind),
        role=roles.get(role, role),
        province=province_name,
        county=county_name,
        course_title=course.title(locale),
        standard_code=course.standard_code,
        priority=nominee.rank,
        requested_at=nominee.requested_at,
        tvto_answer=tvto_answer(nominee, locale),
    )
