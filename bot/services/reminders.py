"""Reminders, planned into the delivery ledger.

- Sessions: before each session of a confirmed registration (leads `reminder_session_leads_hours`,
  default 24 h and 2 h), with «شرکت می‌کنم» / «نمی‌توانم بیایم» buttons (`rem:att:<reg>:<yes|no>:
  <session>`). "Can't come" to the first session, once confirmed, cancels the registration
  through the registration service (the seat goes to the waitlist) and staff are told.
- Course start: `reminder_course_start_hours` before the first session (date, place, what to
  bring). Registration deadlines: before the deadline of a course a person is waitlisted for.
- Schedule changes: the planner keeps a fingerprint of each course's sessions and place; when it
  changes, future reminders are re-planned and the people affected are told once.
- Monthly, on the Jalali calendar: members with an unfinished needs assessment are nudged
  `assessment_nudge_days` before the cut-off (`nomination_cutoff_day` at `nomination_cutoff_time`,
  Tehran); staff are reminded at the cut-off to send the month's list to TVTO; admins are told
  `nomination_escalation_hours` later if it is still not marked sent.

Planners are idempotent (the ledger's unique key) and diff what should exist against what does,
so they can run every few minutes, after a restart, or in several processes. Reminders are
written only up to `reminder_plan_horizon_hours` ahead, which keeps the ledger small.
A reminder whose time passed while it was planned late is still sent if it is useful (before the
session) — only the nearest lead of a session is sent then, never several at once.

The courses, registration and assessment services are other features' code; this module reads
them through the small protocols below, given to ReminderService's constructor.
"""

from __future__ import annotations

import asyncio
import gc
import hashlib
import logging
from collections.abc import Awaitable, Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal, NamedTuple, Protocol

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.chat import callbacks
from bot.chat.features import Feature
from bot.core.clock import Clock
from bot.core.config import Settings, lead_minutes
from bot.persian.jalali import add_months, jalali_month_of, month_label, monthly_occurrence
from bot.services.ledger import (
    BulkWriter,
    Notice,
    PayloadTemplate,
    at,
    button,
    localized,
    message,
    on,
    until,
)
from storage.engine import Database
from storage.ledger import LedgerRepo, PlannedRow
from storage.members import MembersRepo
from storage.nominations import NominationsRepo
from storage.reminders import (
    AttendanceRepo,
    ReminderPrefsRepo,
    ScheduleFingerprintsRepo,
    member_ids_with_role,
)

log = logging.getLogger(__name__)

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

# Every text this module puts into payloads (a literal table: tests/i18n checks the keys).
TEXT_KEYS = (
    "reminders-session",
    "reminders-attend-yes",
    "reminders-attend-no",
    "reminders-course-start",
    "reminders-bring-in-person",
    "reminders-bring-online",
    "reminders-place-online",
    "reminders-place-unknown",
    "reminders-deadline",
    "reminders-schedule-changed",
    "reminders-assessment-nudge",
    "reminders-monthly-staff",
    "reminders-monthly-escalation",
    "reminders-staff-withdrawn",
    "reminders-staff-absent",
    "nomination-menu",
    "assessment-menu",
)

# Buttons into other features' screens (their menu labels): the month's lists, the assessment.
NOMINATIONS_BUTTON = [[button("nomination-menu", callbacks.encode(Feature.NOMINATION, "home"))]]
ASSESSMENT_BUTTON = [[button("assessment-menu", callbacks.encode(Feature.ASSESSMENT, "start"))]]

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


# --- what the planner reads from other features ------------------------------------------------


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


# --- pure planning ------------------------------------------------------------------------------


def title_arg(course: CourseLike) -> dict[str, Any]:
    return localized(fa=course.title_fa, en=course.title_en)


def place_arg(course: CourseLike) -> Any:
    if course.delivery_mode == "online":
        return {"text": "reminders-place-online"}
    parts = [p.strip() for p in (course.provider_name, course.provider_address) if p and p.strip()]
    return "، ".join(parts) if parts else {"text": "reminders-place-unknown"}


def attendance_buttons(
    registration_id: int, session_at: datetime, session_stamp: str | None = None
) -> list[list[dict[str, str]]]:
    s = session_stamp or stamp(session_at)
    return [
        [
            button(
                "reminders-attend-yes",
                callbacks.encode(Feature.REMINDERS, "att", registration_id, "yes", s),
            ),
            button(
                "reminders-attend-no",
                callbacks.encode(Feature.REMINDERS, "att", registration_id, "no", s),
            ),
        ]
    ]


def schedule_fingerprint(course: CourseLike, sessions: Sequence[tuple[datetime, datetime]]) -> str:
    text = "|".join(f"{stamp(a)}-{stamp(b)}" for a, b in sessions)
    text += f"|{course.delivery_mode}|{course.provider_name}|{course.provider_address}"
    return hashlib.sha256(text.encode()).hexdigest()[:32]


class Planned(NamedTuple):
    """A reminder the planner wants, before its text exists: the planner compares keys with the
    ledger and writes texts only for what is missing (100,000 registrations stay fast). The text
    is one template per session or course, the registration id put in per row."""

    member_id: int
    cause: str
    occurrence: str
    due_at: datetime
    expires_at: datetime | None
    group_key: str
    registration_id: int
    payload: PayloadTemplate

    @property
    def key(self) -> tuple[int, str, str]:
        return (self.member_id, self.cause, self.occurrence)

    def notice(self) -> Notice:
        return Notice(
            member_id=self.member_id,
            cause=self.cause,
            occurrence=self.occurrence,
            due_at=self.due_at,
            payload=self.payload.make(self.registration_id),
            expires_at=self.expires_at,
            group_key=self.group_key,
        )

    def row(self) -> PlannedRow:
        return PlannedRow(
            self.member_id,
            self.cause,
            self.occurrence,
            self.due_at,
            self.expires_at,
            self.group_key,
            self.payload.json(self.registration_id),
        )


def session_plans(
    course: CourseLike,
    sessions: Sequence[tuple[datetime, datetime]],
    registrations: Iterable[RegistrationLike],
    *,
    now: datetime,
    leads_hours: Sequence[float],
    horizon: timedelta,
    skip_members: Collection[int] = (),
    declined: Collection[tuple[int, datetime]] = (),
) -> list[Planned]:
    """Reminders before each session still ahead whose time is within the horizon. When several
    leads of one session are already due (a late registration, downtime), only the nearest one
    is kept: one reminder, not two at once."""
    leads = sorted({timedelta(hours=h) for h in leads_hours})  # nearest first
    regs = [r for r in registrations if r.member_id not in skip_members]
    if not regs:
        return []
    title = title_arg(course)
    place = place_arg(course)
    group = course_group(course.id)
    out: list[Planned] = []
    for start, _end in sessions:
        if start <= now:
            continue
        chosen: list[timedelta] = []
        for lead in leads:
            due = start - lead
            if due > now + horizon:
                continue
            if due <= now and any(start - c <= now for c in chosen):
                continue  # a nearer lead is already due
            chosen.append(lead)
        if not chosen:
            continue
        s = stamp(start)
        when = at(start)

        def build(
            reg_id: int, start: datetime = start, when: dict[str, Any] = when, s: str = s
        ) -> dict[str, Any]:
            buttons = attendance_buttons(reg_id, start, s)
            return message(
                "reminders-session", title=title, start=when, place=place, buttons=buttons
            )

        payload = PayloadTemplate(build)
        wanted = [r for r in regs if (r.id, start) not in declined]
        for lead in chosen:
            minutes = lead_minutes(lead)
            due = start - lead
            out.extend(
                Planned(
                    r.member_id,
                    CAUSE_SESSION,
                    f"r{r.id}:{s}:{minutes}",
                    due,
                    start,
                    group,
                    r.id,
                    payload,
                )
                for r in wanted
            )
    return out


def session_notices(*args: Any, **kwargs: Any) -> list[Notice]:
    """`session_plans` with their texts built."""
    return [p.notice() for p in session_plans(*args, **kwargs)]


def _one_each(
    course: CourseLike,
    registrations: Iterable[RegistrationLike],
    cause: str,
    moment: datetime,
    due: datetime,
    payload: dict[str, Any],
    skip_members: Collection[int],
) -> list[Planned]:
    """One reminder per registration before `moment` (also its expiry), the same text to all."""
    s, group, template = stamp(moment), course_group(course.id), PayloadTemplate.constant(payload)
    return [
        Planned(reg.member_id, cause, f"r{reg.id}:{s}", due, moment, group, reg.id, template)
        for reg in registrations
        if reg.member_id not in skip_members
    ]


def course_start_plans(
    course: CourseLike,
    sessions: Sequence[tuple[datetime, datetime]],
    registrations: Iterable[RegistrationLike],
    *,
    now: datetime,
    lead_hours: float,
    horizon: timedelta,
    skip_members: Collection[int] = (),
) -> list[Planned]:
    """One reminder before the first session: date, place and what to bring."""
    if not sessions:
        return []
    first = sessions[0][0]
    due = first - timedelta(hours=lead_hours)
    if first <= now or due > now + horizon:
        return []
    online = course.delivery_mode == "online"
    payload = message(
        "reminders-course-start",
        title=title_arg(course),
        start=at(first),
        place=place_arg(course),
        bring={"text": "reminders-bring-online" if online else "reminders-bring-in-person"},
    )
    return _one_each(course, registrations, CAUSE_COURSE_START, first, due, payload, skip_members)


def deadline_plans(
    course: CourseLike,
    waitlisted: Iterable[RegistrationLike],
    *,
    now: datetime,
    lead_hours: float,
    horizon: timedelta,
    skip_members: Collection[int] = (),
) -> list[Planned]:
    """Before a course's registration deadline, to the people on its waitlist."""
    deadline = course.registration_deadline
    due = deadline - timedelta(hours=lead_hours)
    if deadline <= now or due > now + horizon:
        return []
    payload = message("reminders-deadline", title=title_arg(course), deadline=until(deadline))
    return _one_each(course, waitlisted, CAUSE_DEADLINE, deadline, due, payload, skip_members)


@dataclass(frozen=True)
class MonthlyMoments:
    """The moments of one Jalali month's nomination cycle (UTC)."""

    year: int
    month: int
    nudge_at: datetime
    cutoff: datetime
    escalate_at: datetime
    next_cutoff: datetime

    @property
    def period(self) -> str:
        return period(self.year, self.month)


def monthly_moments(year: int, month: int, settings: Settings) -> MonthlyMoments:
    """Cut-off on `nomination_cutoff_day` of the Jalali month at the cut-off time (Tehran); a day
    past the month's end is its last day (31 -> 30 in Mehr, 30 -> 29 in Esfand of common years)."""
    day, at_time = settings.nomination_cutoff_day, settings.nomination_cutoff_time
    cutoff = monthly_occurrence(year, month, day, at_time)
    ny, nm = add_months(year, month, 1)
    return MonthlyMoments(
        year=year,
        month=month,
        nudge_at=cutoff - timedelta(days=settings.assessment_nudge_days),
        cutoff=cutoff,
        escalate_at=cutoff + timedelta(hours=settings.nomination_escalation_hours),
        next_cutoff=monthly_occurrence(ny, nm, day, at_time),
    )


MONTH_DEADLINE_CAUSES = (CAUSE_MONTHLY, CAUSE_ESCALATION)


async def cancel_month_deadlines(
    conn: AsyncConnection, year: int, month: int, now: datetime | None = None
) -> int:
    """Cancel the pending reminders to send month (year, month)'s list to TVTO (the staff
    reminder and the escalation to admins), in the caller's transaction: the list was sent."""
    ledger = LedgerRepo(conn)
    group = monthly_group(year, month)
    return sum(
        [
            await ledger.cancel(group_key=group, cause=cause, now=now, reason="list sent")
            for cause in MONTH_DEADLINE_CAUSES
        ]
    )


def month_arg(year: int, month: int) -> dict[str, Any]:
    return localized(fa=month_label(year, month, "fa"), en=month_label(year, month, "en"))


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: a large plan allocates hundreds of thousands of
    acyclic objects, and the collector's repeated scans of them cost a third of the run."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _Diff:
    """What the planner wants against what the ledger has, course by course: rows that do not
    exist go to the bulk writer at once (the database writes them while the next courses are
    planned); cancelled ones (and, for one course re-planned, pending ones) are written again
    at the end; pending rows nobody wants any more are cancelled at the end."""

    def __init__(
        self,
        existing: dict[tuple[int, str, str], tuple[int, str]],
        rewrite: tuple[str, ...],
        writer: BulkWriter,
    ) -> None:
        self.existing = existing
        self.rewrite = rewrite
        self.writer = writer
        self.wanted: set[tuple[int, str, str]] = set()
        self.again: list[Notice] = []
        self.desired = 0

    async def add(self, plans: list[Planned]) -> None:
        existing, wanted, new = self.existing, self.wanted, []
        for p in plans:
            key = p.key
            wanted.add(key)
            found = existing.get(key)
            if found is None:
                new.append(p.row())
            elif found[1] in self.rewrite:
                self.again.append(p.notice())
        self.desired += len(plans)
        await self.writer.add(new)
        await asyncio.sleep(0)  # let the bot answer people between courses

    def obsolete(self) -> list[int]:
        return [
            row_id
            for key, (row_id, status) in self.existing.items()
            if status == "pending" and key not in self.wanted
        ]


# --- results --------------------------------------------------------------------------------


@dataclass
class PlanReport:
    courses: int = 0
    registrations: int = 0
    desired: int = 0
    written: int = 0
    cancelled: int = 0
    changed_schedules: int = 0
    told: int = 0


AttendanceStatus = Literal["yes", "no", "confirm_withdraw", "invalid", "past"]


@dataclass(frozen=True)
class AttendanceAnswer:
    status: AttendanceStatus
    course: Any | None = None
    session_at: datetime | None = None


WithdrawStatus = Literal["withdrawn", "too_late", "invalid", "unavailable"]


@dataclass(frozen=True)
class WithdrawResult:
    status: WithdrawStatus
    course: Any | None = None


# --- the service ----------------------------------------------------------------------------


class ReminderService:
    """Reminders of sessions, course starts, deadlines and the month's list.

    Collaborators come in the constructor (bot/services/container.py builds them first): the
    courses, the registrations and the assessments; any of them None when that feature is not
    part of the build (its reminders are then not planned). None of them uses the reminders, so
    there is no cycle: the container builds the reminders after them."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        settings: Settings,
        ledger: Ledger,
        *,
        courses: CourseSource | None = None,
        registrations: RegistrationSource | None = None,
        assessment: UnfinishedSource | None = None,
        list_sent: SentLists | None = None,
    ) -> None:
        """`list_sent`: whether a month's nomination list went to TVTO; by default read from
        the nomination months in the database (the courses feature's)."""
        self.db = db
        self.clock = clock
        self.settings = settings
        self.ledger = ledger
        self.courses = courses
        self.registrations = registrations
        self.assessment = assessment
        self._list_sent = list_sent
        self._planner_owner: str | None = None

    def take_planner(self, platform: str) -> bool:
        """The first Application scheduled in this process runs the planners."""
        if self._planner_owner is None:
            self._planner_owner = platform
        return self._planner_owner == platform

    # preferences -------------------------------------------------------------------------------

    @staticmethod
    def kinds_for(role: str) -> tuple[str, ...]:
        return tuple(k for k in KINDS if role in ("staff", "admin") or k not in STAFF_ONLY_KINDS)

    async def preferences(self, member_id: int, role: str) -> dict[str, bool]:
        async with self.db.read() as conn:
            stored = await ReminderPrefsRepo(conn).get(member_id)
        return {kind: stored.get(kind, True) for kind in self.kinds_for(role)}

    async def set_preference(self, member_id: int, kind: str, enabled: bool) -> None:
        """Turn a kind on or off. Off cancels that kind's pending reminders at once; on brings
        back the ones still useful at the planner's next run."""
        if kind not in KINDS:
            raise ValueError(f"unknown reminder kind {kind!r}")
        now = self.clock.now()
        async with self.db.write() as conn:
            await ReminderPrefsRepo(conn).set(member_id, kind, enabled)
            if not enabled:
                ledger = LedgerRepo(conn)
                for cause in KINDS[kind]:
                    await ledger.cancel(
                        member_id=member_id, cause=cause, now=now, reason="turned off"
                    )

    async def _disabled(self, kind: str) -> set[int]:
        async with self.db.read() as conn:
            return await ReminderPrefsRepo(conn).disabled(kind)

    # courses -----------------------------------------------------------------------------------

    async def plan_courses(self, course_ids: Collection[int] | None = None) -> PlanReport:
        """Make the session and course-start reminders of confirmed registrations exist as they
        should: new ones written, obsolete pending ones cancelled (a moved session, a cancelled
        registration or course, a kind turned off), cancelled ones that are wanted again back.
        Schedule changes since the last run are told to the people affected, once."""
        with _gc_paused():  # hundreds of thousands of short-lived acyclic objects
            return await self._plan_courses(course_ids)

    async def _plan_courses(self, course_ids: Collection[int] | None) -> PlanReport:
        report = PlanReport()
        source = self.courses
        if source is None:
            return report
        now = self.clock.now()
        s = self.settings
        horizon = timedelta(hours=s.reminder_plan_horizon_hours)
        if course_ids is None:
            registrations = await source.confirmed_registrations()
        else:
            registrations = []
            for course_id in course_ids:
                registrations.extend(await source.confirmed_registrations(course_id))
        by_course: dict[int, list[Any]] = {}
        for reg in registrations:
            by_course.setdefault(reg.course_id, []).append(reg)
        report.registrations = len(registrations)
        skip_session = await self._disabled("session")
        skip_course = await self._disabled("course")
        async with self.db.read() as conn:
            declined = await AttendanceRepo(conn).declined(after=now)
            seen = await ScheduleFingerprintsRepo(conn).all(
                None if course_ids is None else list(course_ids)
            )
        told: list[Notice] = []
        fingerprints: dict[int, str] = {}
        found = await self._find_courses(source, by_course)
        # one course asked for: rewrite its pending texts as well (place, title changed)
        rewrite = ("cancelled",) if course_ids is None else ("cancelled", "pending")
        async with self.ledger.bulk() as writer:
            diff = _Diff(await self._existing(course_ids, now), rewrite, writer)
            for course_id, regs in by_course.items():
                course = found.get(course_id)
                if course is None or course.status == "cancelled":
                    continue
                report.courses += 1
                sessions = source.session_occurrences(course)
                fingerprint = schedule_fingerprint(course, sessions)
                fingerprints[course_id] = fingerprint
                if seen.get(course_id) not in (None, fingerprint):
                    report.changed_schedules += 1
                    told.extend(self._schedule_notices(course, sessions, regs, fingerprint, now))
                plans = session_plans(
                    course,
                    sessions,
                    regs,
                    now=now,
                    leads_hours=s.reminder_session_leads_hours,
                    horizon=horizon,
                    skip_members=skip_session,
                    declined=declined,
                )
                plans += course_start_plans(
                    course,
                    sessions,
                    regs,
                    now=now,
                    lead_hours=s.reminder_course_start_hours,
                    horizon=horizon,
                    skip_members=skip_course,
                )
                await diff.add(plans)
            await diff.add(await self._deadline_notices(source, course_ids, now, skip_course))
        report.desired = diff.desired
        report.written = writer.written + await self.ledger.replan(diff.again)
        obsolete = diff.obsolete()
        for start in range(0, len(obsolete), 1000):
            report.cancelled += await self.ledger.cancel(
                ids=obsolete[start : start + 1000], reason="re-planned"
            )
        if told:
            report.told = await self.ledger.plan(told)
        changed = {cid: fp for cid, fp in fingerprints.items() if seen.get(cid) != fp}
        if changed:
            async with self.db.write() as conn:
                await ScheduleFingerprintsRepo(conn).set_many(changed, now)
        return report

    @staticmethod
    async def _find_courses(source: CourseSource, course_ids: Iterable[int]) -> dict[int, Any]:
        many = getattr(source, "find_many", None)
        if many is not None:
            found_many: dict[int, Any] = await many(course_ids)
            return found_many
        found = {course_id: await source.find(course_id) for course_id in course_ids}
        return {course_id: course for course_id, course in found.items() if course is not None}

    async def _deadline_notices(
        self,
        source: CourseSource,
        course_ids: Collection[int] | None,
        now: datetime,
        skip: Collection[int],
    ) -> list[Planned]:
        registrations = self.registrations
        if registrations is None:
            return []
        if course_ids is None:
            courses = await source.browsable()
        else:
            courses = list((await self._find_courses(source, course_ids)).values())
        s = self.settings
        horizon = timedelta(hours=s.reminder_plan_horizon_hours)
        out: list[Planned] = []
        for course in courses:
            deadline = course.registration_deadline
            if course.status == "cancelled" or not (
                now < deadline <= now + horizon + timedelta(hours=s.reminder_deadline_hours)
            ):
                continue
            waitlisted = await registrations.waitlist(course.id)
            out.extend(
                deadline_plans(
                    course,
                    waitlisted,
                    now=now,
                    lead_hours=s.reminder_deadline_hours,
                    horizon=horizon,
                    skip_members=skip,
                )
            )
        return out

    async def course_changed(self, course_id: int) -> PlanReport:
        """Re-plan one course now (after staff changed its schedule or place, or cancelled it);
        rewrites the pending reminders' texts too. The periodic planner would catch it later."""
        return await self.plan_courses([course_id])

    def _schedule_notices(
        self,
        course: CourseLike,
        sessions: Sequence[tuple[datetime, datetime]],
        regs: Iterable[RegistrationLike],
        fingerprint: str,
        now: datetime,
    ) -> list[Notice]:
        upcoming = [start for start, _ in sessions if start > now]
        if not upcoming:
            return []
        payload = message(
            "reminders-schedule-changed",
            title=title_arg(course),
            start=at(upcoming[0]),
            place=place_arg(course),
        )
        return [
            Notice(
                member_id=reg.member_id,
                cause=CAUSE_SCHEDULE,
                occurrence=f"c{course.id}:{fingerprint[:16]}",
                due_at=now,
                expires_at=upcoming[0],
                group_key=course_group(course.id),
                payload=payload,
            )
            for reg in regs
        ]

    async def _existing(
        self, course_ids: Collection[int] | None, now: datetime
    ) -> dict[tuple[int, str, str], tuple[int, str]]:
        """The ledger's rows of the planned causes that can still matter (due since the longest
        lead before now), of the courses asked for."""
        s = self.settings
        longest = max(
            [
                *s.reminder_session_leads_hours,
                s.reminder_course_start_hours,
                s.reminder_deadline_hours,
            ]
        )
        since = now - timedelta(hours=longest + 24)
        groups = None if course_ids is None else [course_group(c) for c in course_ids]
        async with self.db.read() as conn:
            return await LedgerRepo(conn).statuses(
                causes=PLANNED_COURSE_CAUSES, group_keys=groups, due_since=since
            )

    # monthly -----------------------------------------------------------------------------------

    async def plan_monthly(self) -> int:
        """The Jalali monthly cycle around now: nudges, the staff reminder, the escalation.
        Returns how many notices were written."""
        now = self.clock.now()
        year, month = jalali_month_of(now)
        written = 0
        for y, m in (add_months(year, month, -1), (year, month)):
            written += await self._plan_month(monthly_moments(y, m, self.settings), now)
        return written

    async def _plan_month(self, mm: MonthlyMoments, now: datetime) -> int:
        notices: list[Notice] = []
        group = monthly_group(mm.year, mm.month)
        if mm.nudge_at <= now < mm.cutoff:
            members = set(await self._unfinished_assessments()) - await self._disabled("assessment")
            payload = message(
                "reminders-assessment-nudge", cutoff=on(mm.cutoff), buttons=ASSESSMENT_BUTTON
            )
            notices += [
                Notice(m, CAUSE_ASSESSMENT, mm.period, now, payload, mm.cutoff, group_key=group)
                for m in sorted(members)
            ]
        if mm.cutoff <= now < mm.next_cutoff and await self._in_use_before(mm.cutoff):
            if await self.list_sent(mm.year, mm.month):
                async with self.db.write() as conn:  # also done when it is marked sent
                    await cancel_month_deadlines(conn, mm.year, mm.month, now)
            elif now < mm.escalate_at:
                staff = await self._staff() - await self._disabled("staff")
                payload = message(
                    "reminders-monthly-staff",
                    buttons=NOMINATIONS_BUTTON,
                    month=month_arg(mm.year, mm.month),
                    cutoff=at(mm.cutoff),
                    escalate=at(mm.escalate_at),
                )
                notices += [
                    Notice(
                        m, CAUSE_MONTHLY, mm.period, now, payload, mm.escalate_at, group_key=group
                    )
                    for m in sorted(staff)
                ]
            else:
                admins = await self._role_ids(("admin",))
                payload = message(
                    "reminders-monthly-escalation",
                    buttons=NOMINATIONS_BUTTON,
                    month=month_arg(mm.year, mm.month),
                    cutoff=at(mm.cutoff),
                )
                notices += [
                    Notice(
                        m,
                        CAUSE_ESCALATION,
                        mm.period,
                        now,
                        payload,
                        mm.next_cutoff,
                        group_key=group,
                    )
                    for m in admins
                ]
        return await self.ledger.plan(notices) if notices else 0

    async def _in_use_before(self, cutoff: datetime) -> bool:
        """Did anyone use the bot before this cut-off? A month that closed before the first
        person ever met the bot (a new install) had no list to send: nobody is warned of it."""
        async with self.db.read() as conn:
            first = await MembersRepo(conn).first_seen()
        return first is not None and first < cutoff

    async def list_sent(self, year: int, month: int) -> bool:
        """Is the month's nomination list marked sent to TVTO (courses feature's months)?"""
        if self._list_sent is not None:
            return await self._list_sent(year, month)
        async with self.db.read() as conn:
            found = await NominationsRepo(conn).month(year, month)
        return found is not None and found.status in ("sent", "confirmed")

    async def _unfinished_assessments(self) -> list[int]:
        assessment = self.assessment
        if assessment is None:  # the assessment feature is not part of this build
            return []
        return list(await assessment.members_with_unfinished())

    async def _role_ids(self, roles: Sequence[str]) -> list[int]:
        async with self.db.read() as conn:
            return await member_ids_with_role(conn, roles)

    async def _staff(self) -> set[int]:
        """Staff get staff notices; while there are none, admins do."""
        return set(await self._role_ids(("staff",)) or await self._role_ids(("admin",)))

    # attendance --------------------------------------------------------------------------------

    async def _own_registration(self, member_id: int, registration_id: int) -> Any | None:
        registrations = self.registrations
        if registrations is None:
            return None
        registration = await registrations.registration(registration_id)
        if registration is None or registration.member_id != member_id:
            return None
        return registration

    async def answer_attendance(
        self, member_id: int, registration_id: int, session: str, answer: str
    ) -> AttendanceAnswer:
        """A press on «شرکت می‌کنم» (yes) / «نمی‌توانم بیایم» (no) under a session reminder.
        Everything is re-checked: the registration is the presser's and confirmed, the session
        is one of the course's and not over. "No" to the first session asks for confirmation
        (the seat would go to the waitlist)."""
        session_at = parse_stamp(session)
        source = self.courses
        if answer not in ("yes", "no") or session_at is None or source is None:
            return AttendanceAnswer("invalid")
        registration = await self._own_registration(member_id, registration_id)
        if registration is None or registration.status != "confirmed":
            return AttendanceAnswer("invalid")
        course = await source.find(registration.course_id)
        if course is None or course.status == "cancelled":
            return AttendanceAnswer("invalid")
        sessions = source.session_occurrences(course)
        match = [(a, b) for a, b in sessions if a == session_at]
        if not match:
            return AttendanceAnswer("invalid", course)
        now = self.clock.now()
        if match[0][1] <= now:
            return AttendanceAnswer("past", course, session_at)
        async with self.db.write() as conn:
            await AttendanceRepo(conn).record(
                registration_id=registration.id,
                session_at=session_at,
                member_id=member_id,
                course_id=course.id,
                answer=answer,
                now=now,
            )
            if answer == "no":
                await LedgerRepo(conn).cancel(
                    member_id=member_id,
                    cause=CAUSE_SESSION,
                    occurrence_prefix=f"r{registration.id}:{stamp(session_at)}:",
                    now=now,
                    reason="can't come",
                )
        if answer == "yes":
            return AttendanceAnswer("yes", course, session_at)
        if session_at == sessions[0][0] and session_at > now:
            return AttendanceAnswer("confirm_withdraw", course, session_at)
        return AttendanceAnswer("no", course, session_at)

    async def withdraw(self, member_id: int, registration_id: int) -> WithdrawResult:
        """Confirmed "can't come" to the course's start: cancel the registration (the seat goes
        to the waitlist) and tell staff. Too late to cancel: staff are told of the absence."""
        registrations = self.registrations
        registration = await self._own_registration(member_id, registration_id)
        source = self.courses
        if registrations is None or source is None:
            return WithdrawResult("unavailable")
        if registration is None or registration.status != "confirmed":
            return WithdrawResult("invalid")
        course = await source.find(registration.course_id)
        outcome = await registrations.cancel(member_id, registration.course_id)
        kind = outcome.result  # CancelOutcome of bot/services/registration.py
        if kind == "cancelled":
            status: WithdrawStatus = "withdrawn"
            for cause in PLANNED_COURSE_CAUSES:
                await self.ledger.cancel(
                    member_id=member_id,
                    cause=cause,
                    group_key=course_group(registration.course_id),
                    reason="withdrew",
                )
        elif kind == "too_late":
            status = "too_late"
        else:
            return WithdrawResult("invalid", course)
        await self._tell_staff_withdrawal(member_id, registration, course, status)
        return WithdrawResult(status, course)

    async def _tell_staff_withdrawal(
        self, member_id: int, registration: Any, course: Any, status: WithdrawStatus
    ) -> None:
        now = self.clock.now()
        async with self.db.read() as conn:
            member = await MembersRepo(conn).get_by_id(member_id)
        name = " ".join(p for p in (member.first_name, member.last_name) if p) if member else ""
        key = "reminders-staff-withdrawn" if status == "withdrawn" else "reminders-staff-absent"
        payload = message(key, name=name or str(member_id), title=title_arg(course))
        staff = await self._staff() - await self._disabled("staff")
        await self.ledger.plan(
            Notice(
                m,
                CAUSE_WITHDRAWAL,
                f"r{registration.id}:{status}",
                now,
                payload,
                group_key=course_group(course.id),
            )
            for m in sorted(staff)
        )

    async def attendance(self, course_id: int) -> list[Any]:
        """Answers to the attendance buttons of one course (for staff screens)."""
        async with self.db.read() as conn:
            return await AttendanceRepo(conn).for_course(course_id)
