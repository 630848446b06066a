"""The course catalogue: look-ups, browsing (recommended for me, by topic, by county), course cards
and the calendar of a course's sessions.

Recommendations come from the cooperative's roadmap (`AssessmentService.roadmap`). The service is
written against the small `NeedsSource` protocol, the part of the assessment service it uses.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from bot.core.clock import Clock
from bot.persian.jalali import tehran_today, to_utc
from bot.questionnaire.loader import places_of
from bot.questionnaire.model import Questionnaire
from bot.questionnaire.places import Places
from bot.services.exports import CalendarEvent, calendar_ics
from bot.services.topics import TOPICS
from storage.courses import Course as Course  # handlers take it from here
from storage.courses import CourseData, CoursesRepo
from storage.engine import Database
from storage.registrations import SEAT_HOLDING, Registration, RegistrationsRepo


class NeedsSource(Protocol):
    """What the course features use from the assessment service (bot/services/assessment.py)."""

    async def latest(self, member_id: int) -> Any | None:
        """SubmittedAssessment: id, member_id, cooperative_id, need_score, consent, topics, …"""

    async def roadmap(self, cooperative_id: int) -> Any:
        """Roadmap with ranked `items` (topic, score, members_needing, urgency)."""

    async def member_profile(self, member_id: int) -> Any | None:
        """MemberProfile: full_name, national_id, mobile, role, cooperative (…)."""


class CourseNotFound(LookupError):
    pass


@dataclass(frozen=True)
class Recommendation:
    course: Course
    elsewhere: bool  # held in person in another province than the member's cooperative


@dataclass(frozen=True)
class Home:
    """Where a member's cooperative is (ids from its answers, or names), to compare with a
    course's province and county (names as the catalogue writes them)."""

    places: Places
    province: str | None
    county: str | None

    def _province(self, value: str | None) -> str | None:
        found = self.places.find_province(value)
        return found.id if found else (value or "").strip() or None

    def elsewhere(self, course: Course) -> bool:
        """Held in person in another province (unknown when the member's province is)."""
        mine = self._province(self.province)
        if mine is None or course.delivery_mode == "online":
            return False
        return self._province(course.province) != mine

    def in_county(self, course: Course) -> bool:
        if not self.county:
            return False
        province = self.province or course.province
        mine = self.places.county_name(province, self.county, "fa")
        return self.places.county_name(course.province, course.county, "fa") == mine


@dataclass(frozen=True)
class CourseCard:
    """Everything a course card shows to one person."""

    course: Course
    status: str  # effective: open, full, closed, cancelled, started
    seats_left: int
    registration: Registration | None
    waitlist_position: int | None

    @property
    def can_register(self) -> bool:
        active = self.registration is not None and self.registration.active
        return self.status in ("open", "full") and not active


def session_occurrences(course: CourseData) -> list[tuple[datetime, datetime]]:
    """UTC (start, end) of every session between the start and end dates, in order."""
    out: list[tuple[datetime, datetime]] = []
    day = course.start_date
    while day <= course.end_date:
        for session in course.sessions:
            if session.weekday == day.weekday():
                start = to_utc(datetime.combine(day, session.start))
                end = to_utc(datetime.combine(day, session.end))
                out.append((start, end))
        day += timedelta(days=1)
    out.sort()
    return out


def overlapping(a: CourseData, b: CourseData) -> bool:
    """Do any sessions of the two courses overlap in time?"""
    if a.end_date < b.start_date or b.end_date < a.start_date:
        return False
    if not any(sa.weekday == sb.weekday for sa in a.sessions for sb in b.sessions):
        return False
    others = session_occurrences(b)
    for start, end in session_occurrences(a):
        if any(start < other_end and other_start < end for other_start, other_end in others):
            return True
    return False


def course_start(course: CourseData) -> datetime:
    """The UTC instant the course begins (its first session, or the start date at midnight)."""
    occurrences = session_occurrences(course)
    if occurrences:
        return occurrences[0][0]
    return to_utc(datetime.combine(course.start_date, datetime.min.time()))


def effective_status(course: Course, now: datetime) -> str:
    """open / full / closed (deadline passed or closed by staff) / cancelled / started."""
    if course.status == "cancelled":
        return "cancelled"
    if tehran_today(now) >= course.start_date:
        return "started"
    if course.status == "closed" or now > course.registration_deadline:
        return "closed"
    return course.status


def has_started(course: Course, now: datetime) -> bool:
    return tehran_today(now) >= course.start_date


class CourseService:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        needs: NeedsSource | None = None,
        questionnaire: Questionnaire | None = None,
    ) -> None:
        """`questionnaire`: its places name a member's province and county (the bundled list
        without one)."""
        self.db = db
        self.clock = clock
        self.needs = needs
        self.questionnaire = questionnaire

    session_occurrences = staticmethod(session_occurrences)

    # --- look-ups -----------------------------------------------------------------------------

    async def get(self, course_id: int) -> Course:
        course = await self.find(course_id)
        if course is None:
            raise CourseNotFound(course_id)
        return course

    async def find(self, course_id: int) -> Course | None:
        async with self.db.read() as conn:
            return await CoursesRepo(conn).get(course_id)

    async def find_many(self, course_ids: Iterable[int]) -> dict[int, Course]:
        """The courses that exist among `course_ids`, in one read (the reminder planner)."""
        async with self.db.read() as conn:
            return await CoursesRepo(conn).get_many(sorted(set(course_ids)))

    async def confirmed_registrations(self, course_id: int | None = None) -> list[Registration]:
        """Registrations TVTO confirmed (of one course, or of all courses)."""
        async with self.db.read() as conn:
            return await RegistrationsRepo(conn).with_status(("confirmed",), course_id=course_id)

    async def seats_left(self, course: Course) -> int:
        async with self.db.read() as conn:
            taken = await RegistrationsRepo(conn).count(course.id, SEAT_HOLDING)
        return max(course.capacity - taken, 0)

    # --- browsing -----------------------------------------------------------------------------

    def _today(self) -> date:
        return tehran_today(self.clock.now())

    async def _listing(
        self, *, topics: list[str] | None = None, county: str | None = None
    ) -> list[Course]:
        now = self.clock.now()
        async with self.db.read() as conn:
            found = await CoursesRepo(conn).listing(
                topics=topics, county=county, ends_on_or_after=self._today()
            )
        return [c for c in found if effective_status(c, now) in ("open", "full")]

    async def by_topic(self, topic: str) -> list[Course]:
        return await self._listing(topics=[topic])

    async def by_county(self, county: str) -> list[Course]:
        return await self._listing(county=county)

    async def browsable(self) -> list[Course]:
        return await self._listing()

    async def topics(self) -> list[str]:
        """Topics that have at least one course open for registration, in catalogue order."""
        present = {c.topic for c in await self._listing()}
        return [t for t in TOPICS if t in present]

    async def counties(self) -> list[str]:
        """Counties with at least one course open for registration, sorted."""
        return sorted({c.county for c in await self._listing()})

    async def recommended(self, member_id: int, limit: int = 10) -> list[Recommendation] | None:
        """Courses on the topics my cooperative's roadmap ranks highest (and my own answers):
        those in my cooperative's province (or online) first, my county first among them, then
        those held in another province, marked so (`elsewhere`); None when I have no submitted
        assessment yet."""
        if self.needs is None:
            return None
        latest = await self.needs.latest(member_id)
        if latest is None:
            return None
        ranked: list[str] = []
        cooperative_id = getattr(latest, "cooperative_id", None)
        if cooperative_id is not None:
            roadmap = await self.needs.roadmap(cooperative_id)
            ranked = [item.topic for item in getattr(roadmap, "items", [])]
        for topic in getattr(latest, "topics", None) or []:
            if topic not in ranked:
                ranked.append(topic)
        if not ranked:
            return []
        home = await self._member_place(member_id)
        order = {topic: i for i, topic in enumerate(ranked)}
        found = [Recommendation(c, home.elsewhere(c)) for c in await self._listing(topics=ranked)]
        found.sort(
            key=lambda r: (
                r.elsewhere,
                order[r.course.topic],
                not home.in_county(r.course),
                r.course.start_date,
            )
        )
        return found[:limit]

    async def _member_place(self, member_id: int) -> Home:
        places = places_of(self.questionnaire)
        profile = await self.needs.member_profile(member_id) if self.needs else None
        cooperative = getattr(profile, "cooperative", None) if profile else None
        return Home(
            places,
            getattr(cooperative, "province", None),
            getattr(cooperative, "county", None),
        )

    async def card(self, course_id: int, member_id: int | None) -> CourseCard | None:
        now = self.clock.now()
        async with self.db.read() as conn:
            course = await CoursesRepo(conn).get(course_id)
            if course is None:
                return None
            regs = RegistrationsRepo(conn)
            taken = await regs.count(course.id, SEAT_HOLDING)
            registration = await regs.find(course.id, member_id) if member_id else None
            position = None
            if registration is not None and registration.status == "waitlisted":
                position = await regs.waitlist_position(registration)
        return CourseCard(
            course=course,
            status=effective_status(course, now),
            seats_left=max(course.capacity - taken, 0),
            registration=registration,
            waitlist_position=position,
        )

    # --- calendar -----------------------------------------------------------------------------

    def calendar(self, course: Course, locale: str | None = "fa") -> tuple[str, bytes]:
        """(file name, .ics bytes) with one event per session, in Asia/Tehran."""
        place = [course.provider_name]
        if course.delivery_mode == "in_person" and course.provider_address:
            place.append(course.provider_address)
        details = [course.standard_code, course.provider_phone]
        events = [
            CalendarEvent(
                uid=f"course-{course.id}-{start.strftime('%Y%m%dT%H%M')}@coopbot",
                start=start,
                end=end,
                summary=course.title(locale),
                location="، ".join(place) if locale != "en" else ", ".join(place),
                description=" — ".join(d for d in details if d),
            )
            for start, end in session_occurrences(course)
        ]
        data = calendar_ics(events, now=self.clock.now(), name=course.title(locale))
        return f"course-{course.id}.ics", data

    # --- catalogue ----------------------------------------------------------------------------

    async def import_courses(self, items: Iterable[CourseData]) -> tuple[int, int]:
        """Add or update (by `ref`) courses in one transaction. Returns (created, updated)."""
        created = updated = 0
        now = self.clock.now()
        async with self.db.write() as conn:
            repo = CoursesRepo(conn)
            for item in items:
                _, is_new = await repo.upsert(item, now)
                created += is_new
                updated += not is_new
        return created, updated

    async def count(self) -> int:
        async with self.db.read() as conn:
            return await CoursesRepo(conn).count()
