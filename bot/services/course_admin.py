"""Courses managed by staff in the chat: add (a guided dialog), edit any field, change capacity,
close or reopen registration, cancel; lists of the people of a course and their export.

One representation of a course's fields serves the dialog, edits, the XLSX import and export:
the raw form of the catalogue file (bot/services/catalogue.py `FIELDS`: Jalali dates as
`1404/09/15`, sessions as `[{"day": "Saturday", "start": "09:00", "end": "12:00"}]` or
`شنبه 09:00-12:00; …`, the deadline as a date or `date HH:MM`). Every value is checked by the
catalogue's own `CourseIn` model (one set of rules), plus the limits of the database columns.

Changes go through the courses feature's rules: more seats → the waitlist gets offers through
`RegistrationService.fill_free_seats`; cancelling → `RegistrationService.cancel_course` (everyone
told through the ledger, seats and pending notices released); a changed schedule or place → the
reminder planner re-plans the course. Every change writes an audit entry in its transaction.
"""

from __future__ import annotations

import io
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Literal, Protocol

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.core.clock import Clock
from bot.core.config import Settings
from bot.persian.ids import mask_mobile, mask_national_id
from bot.persian.jalali import (
    TEHRAN,
    WEEKDAYS_EN,
    deadline_day,
    format_date_numeric,
    jalali_weekday_index,
    tehran_today,
    to_utc,
)
from bot.persian.normalize import (
    digits_only,
    has_letter,
    normalize_text,
    parse_int,
    to_persian_digits,
)
from bot.services.catalogue import (
    FIELDS,
    CourseIn,
    parse_day,
    parse_deadline,
    parse_sessions,
)
from bot.services.cells import as_text, xlsx_row
from bot.services.course_notices import CourseNotices
from bot.services.courses import effective_status
from bot.services.registration import RegistrationService
from bot.services.roles import require_staff
from bot.services.topics import TOPICS
from storage.assessments import AssessmentsRepo, MemberProfile
from storage.audit import AuditRepo
from storage.course_edits import CourseEditsRepo
from storage.courses import Course, CourseData, CoursesRepo, Session
from storage.engine import Database
from storage.members import Member, MembersRepo
from storage.registrations import (
    ACTIVE,
    COMMITTED,
    SEAT_HOLDING,
    STATUSES,
    Registration,
    RegistrationsRepo,
)
from storage.reminders import AttendanceReply, AttendanceRepo

# The dialog asks the catalogue's fields in their order, the titles first; `ref` is made by the
# bot.
_FIRST = ("title_fa", "title_en")
STEPS: tuple[str, ...] = (*_FIRST, *(f for f in FIELDS if f not in {"ref", *_FIRST}))
OPTIONAL: frozenset[str] = frozenset({"provider_address", "provider_phone"})
CHOICES: dict[str, tuple[str, ...]] = {
    "topic": TOPICS,
    "provider_kind": ("tvto_centre", "private_institute"),
    "delivery_mode": ("in_person", "online"),
}
# Changing these changes what reminders say or when they come.
SCHEDULE_FIELDS = frozenset(
    {
        "start",
        "end",
        "sessions",
        "deadline",
        "province",
        "county",
        "provider_name",
        "provider_address",
        "delivery_mode",
        "title_fa",
        "title_en",
    }
)
TEXT_LIMITS: dict[str, tuple[int, int]] = {
    "title_fa": (3, 200),
    "title_en": (3, 200),
    "provider_name": (3, 200),
    "provider_address": (0, 400),
    "province": (2, 60),
    "county": (2, 60),
}
PERSIAN_TEXT = frozenset({"title_fa", "provider_name", "provider_address", "province", "county"})
# Fields that are words (a title, a place): digits, emoji or marks alone are refused ("letters").
WORD_FIELDS = frozenset(
    {"title_fa", "title_en", "provider_name", "provider_address", "province", "county"}
)
INT_LIMITS: dict[str, tuple[int, int]] = {"total_hours": (1, 2000), "capacity": (1, 10_000)}
PHONE_DIGITS = (4, 15)

# A complete valid course in raw form: one field is checked alone by putting it into this.
_SAMPLE: dict[str, Any] = {
    "ref": "sample",
    "standard_code": "0012345678",
    "title_fa": "نمونه",
    "title_en": "Sample",
    "topic": "accounting",
    "provider_kind": "tvto_centre",
    "provider_name": "مرکز",
    "province": "تهران",
    "county": "تهران",
    "delivery_mode": "in_person",
    "start": "1500/01/10",
    "end": "1500/02/10",
    "sessions": [{"day": "Saturday", "start": "09:00", "end": "12:00"}],
    "total_hours": 10,
    "capacity": 10,
    "deadline": "1500/01/01",
}


@dataclass(frozen=True)
class Problem:
    """What is wrong: `field` is a FIELDS name, `course` (the fields together) or `file`.

    code: invalid | required | too_long | too_short | range | end_before_start |
    deadline_after_start | past | duplicate_ref | unknown_column | empty | not_xlsx | letters |
    unsafe | too_big | too_many_rows | too_wide (a file refused by bot/services/sheet_guard.py)
    """

    field: str
    code: str
    detail: str = ""


class CourseInvalid(ValueError):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(f"{p.field}: {p.code}" for p in problems))
        self.problems = problems


# --- raw values ------------------------------------------------------------------------------


def jalali_text(day: date) -> str:
    return format_date_numeric(day, "en")


def session_items(sessions: Iterable[Session]) -> list[dict[str, str]]:
    return [
        {
            "day": WEEKDAYS_EN[jalali_weekday_index(s.weekday)],
            "start": s.start.strftime("%H:%M"),
            "end": s.end.strftime("%H:%M"),
        }
        for s in sessions
    ]


def sessions_text(items: list[dict[str, str]]) -> str:
    """`Saturday 09:00-12:00; Monday 09:00-12:00` (the catalogue's text form)."""
    return "; ".join(f"{i['day']} {i['start']}-{i['end']}" for i in items)


def deadline_text(deadline: datetime) -> str:
    """A date when registration closes at the end of that day (Tehran), else `date HH:MM`."""
    day, at = deadline_day(deadline)
    return jalali_text(day) if at is None else f"{jalali_text(day)} {at.strftime('%H:%M')}"


def raw_of(course: CourseData) -> dict[str, Any]:
    """A course as raw catalogue values (the inverse of CourseIn)."""
    return {
        "ref": course.ref,
        "standard_code": course.standard_code,
        "title_fa": course.title_fa,
        "title_en": course.title_en,
        "topic": course.topic,
        "provider_kind": course.provider_kind,
        "provider_name": course.provider_name,
        "provider_address": course.provider_address,
        "provider_phone": course.provider_phone,
        "province": course.province,
        "county": course.county,
        "delivery_mode": course.delivery_mode,
        "start": jalali_text(course.start_date),
        "end": jalali_text(course.end_date),
        "sessions": session_items(course.sessions),
        "total_hours": course.total_hours,
        "capacity": course.capacity,
        "deadline": deadline_text(course.registration_deadline),
    }


def _clean(field: str, value: Any) -> tuple[Any, Problem | None]:
    """Normalise one raw value and check the limits CourseIn does not know (column sizes)."""
    if value is None or (isinstance(value, str) and not normalize_text(value)):
        if field in OPTIONAL:
            return "", None
        return None, Problem(field, "required")
    if field in TEXT_LIMITS:
        text = normalize_text(str(value))
        if field in PERSIAN_TEXT:
            text = to_persian_digits(text)
        if field in WORD_FIELDS and not has_letter(text):  # digits, emoji or marks alone
            return None, Problem(field, "letters")
        low, high = TEXT_LIMITS[field]
        if len(text) < low:
            return None, Problem(field, "too_short")
        if len(text) > high:
            return None, Problem(field, "too_long")
        return text, None
    if field == "provider_phone":
        digits = digits_only(str(value).replace("+", "").replace("(", "").replace(")", ""))
        if digits is None or not PHONE_DIGITS[0] <= len(digits) <= PHONE_DIGITS[1]:
            return None, Problem(field, "invalid")
        return digits, None
    if field in INT_LIMITS:
        number = value if isinstance(value, int) else parse_int(str(value))
        if isinstance(value, float) and value.is_integer():
            number = int(value)
        low, high = INT_LIMITS[field]
        if not isinstance(number, int) or isinstance(number, bool):
            return None, Problem(field, "invalid")
        if not low <= number <= high:
            return None, Problem(field, "range")
        return number, None
    if field in CHOICES:
        text = normalize_text(str(value)).lower()
        return (text, None) if text in CHOICES[field] else (None, Problem(field, "invalid"))
    if field in ("standard_code", "ref") and isinstance(value, str):
        return normalize_text(value), None
    if field in ("start", "end", "deadline") and isinstance(value, str):
        return normalize_text(value), None
    return value, None


def _problems(exc: ValidationError) -> list[Problem]:
    out = []
    for err in exc.errors():
        loc = err.get("loc") or ()
        message = str(err.get("msg", "")).removeprefix("Value error, ")
        if loc:
            out.append(Problem(str(loc[0]), "invalid", message))
        elif "ends before it starts" in message:
            out.append(Problem("course", "end_before_start", message))
        elif "closes after the course starts" in message:
            out.append(Problem("course", "deadline_after_start", message))
        else:
            out.append(Problem("course", "invalid", message))
    return out


def check_field(
    field: str, value: Any, draft: dict[str, Any] | None = None
) -> tuple[Any, Problem | None]:
    """Check one raw value on its own and against the fields of `draft` it depends on.
    Returns (normalised raw value, None) or (None, problem)."""
    if field not in STEPS:
        raise ValueError(f"unknown course field {field!r}")
    cleaned, problem = _clean(field, value)
    if problem is not None:
        return None, problem
    if cleaned == "" and field in OPTIONAL:
        return "", None
    try:
        CourseIn.model_validate({**_SAMPLE, field: cleaned})
    except ValidationError as exc:
        for found in _problems(exc):
            if found.field == field:
                return None, found
    draft = draft or {}
    try:
        if field in ("end", "start") and draft.get("start" if field == "end" else "end"):
            start = parse_day(cleaned if field == "start" else draft["start"])
            end = parse_day(cleaned if field == "end" else draft["end"])
            if end < start:
                return None, Problem("course", "end_before_start")
        if field in ("deadline", "start") and draft.get(
            "deadline" if field == "start" else "start"
        ):
            start = parse_day(cleaned if field == "start" else draft["start"])
            deadline = parse_deadline(cleaned if field == "deadline" else draft["deadline"])
            if deadline > _starts(start):
                return None, Problem("course", "deadline_after_start")
    except ValueError:
        pass  # the other field is broken: it is reported where it is checked
    if field == "sessions":
        return session_items(parse_sessions(cleaned)), None
    return cleaned, None


def _starts(day: date) -> datetime:
    """The latest allowed registration deadline for a course starting on `day`."""
    return to_utc(datetime.combine(day + timedelta(days=1), time(0, 0)))


def build(raw: dict[str, Any]) -> CourseData:
    """A course from raw values; raises CourseInvalid with every problem found (each field's,
    and the ones between fields when every field is fine by itself)."""
    problems: list[Problem] = []
    values: dict[str, Any] = {"ref": raw.get("ref")}
    for field in STEPS:
        cleaned, problem = _clean(field, raw.get(field))
        if problem is not None:
            problems.append(problem)
            values[field] = _SAMPLE.get(field, "")  # stands in, so the other fields are checked too
        else:
            values[field] = cleaned
    try:
        course = CourseIn.model_validate(values).to_course()
    except ValidationError as exc:
        reported = {p.field for p in problems}
        for found in _problems(exc):
            if found.field == "course" and problems:
                continue  # stand-in values were mixed in: say nothing about the whole
            if found.field not in reported:
                problems.append(found)
        raise CourseInvalid(problems) from None
    if problems:
        raise CourseInvalid(problems)
    return course


def new_ref(now: datetime) -> str:
    return f"chat-{now.astimezone(TEHRAN):%Y%m%d%H%M}-{secrets.token_hex(3)}"


# --- outcomes --------------------------------------------------------------------------------


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


class Planner(Protocol):
    """ReminderService.course_changed (bot/services/reminders.py)."""

    async def course_changed(self, course_id: int) -> Any: ...


class Registrations(Protocol):
    """What is used of RegistrationService (bot/services/registration.py)."""

    async def fill_free_seats(
        self, conn: AsyncConnection, course: Course, now: datetime, notices: CourseNotices
    ) -> list[Registration]: ...

    async def cancel_course(self, course_id: int, actor_id: int, reason: str) -> int: ...


def _person_name(member: Member | None, profile: MemberProfile | None) -> str:
    if profile is not None and profile.full_name:
        return profile.full_name
    if member is None:
        return ""
    return " ".join(p for p in (member.first_name, member.last_name) if p)


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """The fields whose raw values differ, by name."""
    return sorted(k for k in STEPS if before[k] != after[k])


def audit_change(
    before: dict[str, Any], after: dict[str, Any], fields: list[str]
) -> dict[str, dict[str, Any]]:
    """The `before` and `after` of an audit entry: the changed fields only."""
    return {
        "before": audit_view({k: before[k] for k in fields}),
        "after": audit_view({k: after[k] for k in fields}),
    }


async def audit_course(
    conn: AsyncConnection,
    now: datetime,
    actor: Member | None,
    action: str,
    course_id: int,
    **values: Any,
) -> None:
    """An audit entry about one course, in the caller's transaction (`actor` None: the command
    line). `values`: reason, before, after."""
    await AuditRepo(conn).add(
        at=now,
        actor_id=actor.id if actor else None,
        action=action,
        subject="course",
        subject_id=course_id,
        **values,
    )


async def _lock(
    conn: AsyncConnection, course_id: int
) -> tuple[Course | None, Literal["not_found", "cancelled"] | None]:
    """The course locked for a change, or why it cannot change (the course is None only when
    it is not found)."""
    course = await CoursesRepo(conn).get_for_update(course_id)
    if course is None:
        return None, "not_found"
    if course.status == "cancelled":
        return course, "cancelled"
    return course, None


class CourseStaffService:
    """What the staff's course services share (this module's and CourseImportService)."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        settings: Settings,
        registration: Registrations,
        reminders: Planner | None = None,
    ) -> None:
        self.db = db
        self.clock = clock
        self.settings = settings
        self.registration = registration
        self.reminders = reminders

    async def _replan(self, *course_ids: int) -> None:
        if self.reminders is not None:
            for course_id in course_ids:
                await self.reminders.course_changed(course_id)

    async def _record(
        self,
        actor: Member | None,
        action: str,
        subject: str,
        subject_id: int,
        after: dict[str, Any],
    ) -> None:
        """An audit entry in a transaction of its own (an export changes nothing else)."""
        async with self.db.write() as conn:
            await AuditRepo(conn).add(
                at=self.clock.now(),
                actor_id=actor.id if actor else None,
                action=action,
                subject=subject,
                subject_id=subject_id,
                after=after,
            )


class CourseAdminService(CourseStaffService):
    def today(self) -> date:
        return tehran_today(self.clock.now())

    # --- the dialog ---------------------------------------------------------------------------

    def check(
        self, field: str, value: Any, draft: dict[str, Any] | None = None, *, new: bool = False
    ) -> tuple[Any, Problem | None]:
        """One answer of the add/edit dialog. A new course may not start or close in the past."""
        cleaned, problem = check_field(field, value, draft)
        if problem is None and new and field in ("start", "deadline"):
            now = self.clock.now()
            if field == "start" and parse_day(cleaned) <= self.today():
                return None, Problem(field, "past")
            if field == "deadline" and parse_deadline(cleaned) <= now:
                return None, Problem(field, "past")
        return cleaned, problem

    async def create(self, actor: Member, raw: dict[str, Any]) -> Course:
        require_staff(actor)
        now = self.clock.now()
        data = build({**raw, "ref": raw.get("ref") or new_ref(now)})
        async with self.db.write() as conn:
            course = await CoursesRepo(conn).add(data, now)
            await audit_course(
                conn, now, actor, "course.add", course.id, after=audit_view(raw_of(course))
            )
        await self._replan(course.id)
        return course

    async def edit(self, actor: Member, course_id: int, changes: dict[str, Any]) -> EditOutcome:
        """Change fields of a course (raw values). Capacity goes through `set_capacity`."""
        require_staff(actor)
        if "capacity" in changes:
            rest = {k: v for k, v in changes.items() if k != "capacity"}
            outcome = await self.set_capacity(actor, course_id, changes["capacity"])
            if outcome.result not in ("changed", "unchanged") or not rest:
                return outcome
            return await self.edit(actor, course_id, rest)
        now = self.clock.now()
        async with self.db.write() as conn:
            course, refused = await _lock(conn, course_id)
            if refused is not None:
                return EditOutcome(refused, course)
            assert course is not None  # None only with "not_found"
            before = raw_of(course)
            try:
                data = build({**before, **changes})
            except CourseInvalid as exc:
                return EditOutcome("invalid", course, tuple(exc.problems))
            after = raw_of(data)
            changed = changed_fields(before, after)
            if not changed:
                return EditOutcome("unchanged", course)
            updated = await CourseEditsRepo(conn).replace(course.id, data, now)
            await audit_course(
                conn, now, actor, "course.edit", course.id, **audit_change(before, after, changed)
            )
        if SCHEDULE_FIELDS.intersection(changed):
            await self._replan(course_id)
        return EditOutcome("changed", updated)

    async def set_capacity(self, actor: Member, course_id: int, capacity: Any) -> EditOutcome:
        """More seats: the waitlist gets offers; fewer: never below the seats already held."""
        require_staff(actor)
        value, problem = _clean("capacity", capacity)
        if problem is not None:
            return EditOutcome("invalid", problems=(problem,))
        now = self.clock.now()
        async with self.db.write() as conn:
            course, refused = await _lock(conn, course_id)
            if refused is not None:
                return EditOutcome(refused, course)
            assert course is not None  # None only with "not_found"
            taken = await RegistrationsRepo(conn).count(course.id, SEAT_HOLDING)
            if value == course.capacity:
                return EditOutcome("unchanged", course, taken=taken)
            if value < taken:
                return EditOutcome("below_taken", course, taken=taken)
            data = CourseData.model_validate(
                {**course.model_dump(include=set(CourseData.model_fields)), "capacity": value}
            )
            updated = await CourseEditsRepo(conn).replace(course.id, data, now)
            offered = await self.registration.fill_free_seats(
                conn, updated, now, CourseNotices(conn)
            )
            await _sync_status(conn, updated, now)
            await audit_course(
                conn,
                now,
                actor,
                "course.capacity",
                course.id,
                before={"capacity": course.capacity, "seats_taken": taken},
                after={"capacity": value, "offers": len(offered)},
            )
            reloaded = await CoursesRepo(conn).get(course.id)
            assert reloaded is not None  # locked above: it cannot be gone
        return EditOutcome("changed", reloaded, offered=len(offered), taken=taken)

    async def close(self, actor: Member, course_id: int) -> StatusOutcome:
        """Close registration (people already registered keep their places)."""
        return await self._switch(actor, course_id, "closed")

    async def reopen(self, actor: Member, course_id: int) -> StatusOutcome:
        return await self._switch(actor, course_id, "open")

    async def _switch(
        self, actor: Member, course_id: int, to: Literal["open", "closed"]
    ) -> StatusOutcome:
        require_staff(actor)
        now = self.clock.now()
        async with self.db.write() as conn:
            course, refused = await _lock(conn, course_id)
            if refused is not None:
                return StatusOutcome(refused, course)
            assert course is not None  # None only with "not_found"
            if (course.status == "closed") == (to == "closed"):
                return StatusOutcome("unchanged", course)
            courses = CoursesRepo(conn)
            await courses.set_status(course.id, to, now)
            if to == "open":
                reopened = await courses.get(course.id)
                assert reopened is not None
                await _sync_status(conn, reopened, now)  # full again if the seats are taken
            await audit_course(
                conn,
                now,
                actor,
                "course.close" if to == "closed" else "course.reopen",
                course.id,
                before={"status": course.status},
                after={"status": to},
            )
            course = await courses.get(course.id)
        assert course is not None
        if to == "open" and now > course.registration_deadline:
            return StatusOutcome("deadline_passed", course)
        return StatusOutcome("changed", course)

    async def cancel(self, actor: Member, course_id: int, reason: str) -> int | None:
        """Cancel the course: everyone registered is told, seats and reminders are released.
        Returns how many registrations were cancelled (None: no such course or cancelled)."""
        require_staff(actor)
        async with self.db.read() as conn:
            course = await CoursesRepo(conn).get(course_id)
        if course is None or course.status == "cancelled":
            return None
        affected = await self.registration.cancel_course(course_id, actor.id, reason)
        await self._replan(course_id)
        return affected

    # --- reading ------------------------------------------------------------------------------

    async def courses(
        self, *, include_past: bool = False, include_cancelled: bool = True
    ) -> list[Course]:
        """Courses for staff, soonest first: those not ended yet (or all)."""
        statuses = (
            ("open", "full", "closed", "cancelled")
            if include_cancelled
            else (
                "open",
                "full",
                "closed",
            )
        )
        async with self.db.read() as conn:
            return await CoursesRepo(conn).listing(
                statuses=statuses, ends_on_or_after=None if include_past else self.today()
            )

    async def overview(self, course_id: int) -> Overview | None:
        async with self.db.read() as conn:
            course = await CoursesRepo(conn).get(course_id)
            if course is None:
                return None
            regs = RegistrationsRepo(conn)
            counts = {s: await regs.count(course.id, (s,)) for s in STATUSES}
            taken = await regs.count(course.id, SEAT_HOLDING)
        counts = {s: n for s, n in counts.items() if n}
        return Overview(course, effective_status(course, self.clock.now()), counts, taken)

    async def people(
        self, course_id: int, listing: Listing = "registrants", *, reveal: bool = False
    ) -> list[Person]:
        """The people of a course list. National IDs and mobiles are masked unless `reveal`
        (only the XLSX export for the office's work with TVTO reveals them)."""
        statuses = LISTS[listing]
        async with self.db.read() as conn:
            regs = RegistrationsRepo(conn)
            found = await regs.of_course(course_id, statuses)
            return [await self._person(conn, regs, r, reveal) for r in found]

    async def _person(
        self, conn: AsyncConnection, regs: RegistrationsRepo, r: Registration, reveal: bool
    ) -> Person:
        member = await MembersRepo(conn).get_by_id(r.member_id)
        profile = await AssessmentsRepo(conn).profile(r.member_id)
        national_id = (profile.national_id if profile else None) or ""
        mobile = (profile.mobile if profile else None) or ""
        if not reveal:
            national_id = mask_national_id(national_id) if national_id else ""
            mobile = mask_mobile(mobile) if mobile else ""
        cooperative = profile.cooperative.name if profile and profile.cooperative else ""
        position = await regs.waitlist_position(r) if r.status == "waitlisted" else None
        return Person(
            registration_id=r.id,
            member_id=r.member_id,
            name=_person_name(member, profile),
            national_id=national_id,
            mobile=mobile,
            cooperative=cooperative,
            status=r.status,
            need_score=r.need_score,
            requested_at=r.requested_at,
            position=position,
        )

    async def attendance(self, course_id: int) -> list[AttendanceLine]:
        """Answers to the session reminders' attendance buttons, per session."""
        async with self.db.read() as conn:
            replies = await AttendanceRepo(conn).for_course(course_id)
            names: dict[int, str] = {}
            for reply in replies:
                if reply.answer != "yes" and reply.member_id not in names:
                    member = await MembersRepo(conn).get_by_id(reply.member_id)
                    profile = await AssessmentsRepo(conn).profile(reply.member_id)
                    names[reply.member_id] = _person_name(member, profile) or f"#{reply.member_id}"
        by_session: dict[datetime, list[AttendanceReply]] = {}
        for reply in replies:
            by_session.setdefault(reply.session_at, []).append(reply)
        lines = []
        for session_at in sorted(by_session):
            group = by_session[session_at]
            absent = [r for r in group if r.answer != "yes"]
            lines.append(
                AttendanceLine(
                    session_at=session_at,
                    coming=len(group) - len(absent),
                    not_coming=len(absent),
                    names_not_coming=tuple(names[r.member_id] for r in absent),
                )
            )
        return lines

    async def export_people(
        self,
        actor: Member,
        course_id: int,
        *,
        headers: dict[str, str],
        status_label: Callable[[str], str] | None = None,
    ) -> tuple[str, bytes] | None:
        """(file name, XLSX) of every list of the course, IDs in full and as text (the office
        sends them to TVTO). Exporting personal data is recorded in the audit log."""
        require_staff(actor)
        async with self.db.read() as conn:
            course = await CoursesRepo(conn).get(course_id)
        if course is None:
            return None
        book = Workbook(write_only=True)
        columns = ("row", "name", "national_id", "mobile", "cooperative", "status", "score", "date")
        counts = {}
        for listing in ("registrants", "waitlist", "nominees", "cancelled"):
            people = await self.people(course_id, listing, reveal=True)
            counts[listing] = len(people)
            sheet = book.create_sheet(title=headers.get(f"sheet-{listing}", listing)[:31])
            sheet.sheet_view.rightToLeft = headers.get("rtl") == "yes"
            header = []
            for column in columns:
                cell = WriteOnlyCell(sheet, value=headers.get(column, column))
                cell.font = Font(bold=True)
                header.append(cell)
            sheet.append(header)
            for number, person in enumerate(people, start=1):
                row: list[Any] = [number, person.name]
                for value in (person.national_id, person.mobile):
                    cell = as_text(WriteOnlyCell(sheet, value=value))
                    cell.number_format = "@"
                    row.append(cell)
                row += [
                    person.cooperative,
                    status_label(person.status) if status_label else person.status,
                    round(person.need_score, 2),
                    format_date_numeric(person.requested_at, "en"),
                ]
                sheet.append(xlsx_row(sheet, row))  # a typed name stays text (cells.py)
        buffer = io.BytesIO()
        book.save(buffer)
        await self._record(actor, "course.export", "course", course_id, counts)
        return f"course-{course_id}-people.xlsx", buffer.getvalue()

    async def active_registrations(self, course_id: int) -> int:
        async with self.db.read() as conn:
            return await RegistrationsRepo(conn).count(course_id, ACTIVE)


async def _sync_status(conn: AsyncConnection, course: Course, now: datetime) -> None:
    await RegistrationService.sync_course_status(conn, course, now)


def audit_view(raw: dict[str, Any]) -> dict[str, Any]:
    """Raw values as the audit keeps them (sessions as one text)."""
    out = dict(raw)
    if isinstance(out.get("sessions"), list):
        out["sessions"] = sessions_text(out["sessions"])
    return out
