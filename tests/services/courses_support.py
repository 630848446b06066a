"""Helpers for course tests: members, courses, a stand-in for the assessment service, notices."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import select

from bot.core.config import Settings
from bot.services.courses import CourseService
from bot.services.nomination import NominationService
from bot.services.registration import RegistrationService
from storage.courses import Course, CourseData, CoursesRepo, Session
from storage.engine import Database
from storage.members import MembersRepo
from storage.schema.ledger import deliveries


@dataclass
class FakeAssessment:
    id: int
    member_id: int
    cooperative_id: int | None
    need_score: float
    consent: bool = True
    topics: list[str] = field(default_factory=list)


@dataclass
class FakeRoadmapItem:
    topic: str
    score: float = 1.0


@dataclass
class FakeRoadmap:
    items: list[FakeRoadmapItem]


class FakeNeeds:
    """Answers like AssessmentService.latest / roadmap / member_profile."""

    def __init__(self) -> None:
        self.assessments: dict[int, FakeAssessment] = {}
        self.roadmaps: dict[int, list[str]] = {}

    def submit(
        self,
        member_id: int,
        need_score: float,
        cooperative_id: int | None = None,
        consent: bool = True,
        topics: list[str] | None = None,
    ) -> None:
        self.assessments[member_id] = FakeAssessment(
            id=member_id,
            member_id=member_id,
            cooperative_id=cooperative_id,
            need_score=need_score,
            consent=consent,
            topics=topics or [],
        )

    async def latest(self, member_id: int) -> FakeAssessment | None:
        return self.assessments.get(member_id)

    async def roadmap(self, cooperative_id: int) -> FakeRoadmap:
        return FakeRoadmap([FakeRoadmapItem(t) for t in self.roadmaps.get(cooperative_id, [])])

    async def member_profile(self, member_id: int) -> Any:
        return None


def settings(**overrides: Any) -> Settings:
    return Settings(_env_file=None, rate_limit_per_second=0, chat_rate_per_second=0, **overrides)


def course_data(
    ref: str = "c1",
    *,
    capacity: int = 10,
    start: date = date(2025, 12, 6),  # 15 Azar 1404, a Saturday
    end: date = date(2026, 1, 29),
    deadline: datetime = datetime(2025, 12, 1, 20, 30, tzinfo=UTC),
    sessions: tuple[tuple[int, str, str], ...] = ((5, "09:00", "12:00"), (0, "09:00", "12:00")),
    topic: str = "accounting",
    county: str = "تهران",
    province: str = "تهران",
    delivery_mode: str = "in_person",
) -> CourseData:
    return CourseData(
        ref=ref,
        standard_code="0012345678",
        title_fa="حسابداری مقدماتی",
        title_en="Basic accounting",
        topic=topic,
        provider_kind="tvto_centre",
        provider_name="مرکز آموزش فنی و حرفه‌ای شماره ۱ تهران",
        provider_address="تهران، خیابان آزادی",
        provider_phone="02166000000",
        province=province,
        county=county,
        delivery_mode=delivery_mode,
        start_date=start,
        end_date=end,
        sessions=tuple(
            Session(weekday=w, start=time.fromisoformat(a), end=time.fromisoformat(b))
            for w, a, b in sessions
        ),
        total_hours=48,
        capacity=capacity,
        registration_deadline=deadline,
    )


async def add_course(db: Database, now: datetime, **kw: Any) -> Course:
    async with db.write() as conn:
        return await CoursesRepo(conn).add(course_data(**kw), now)


async def add_members(db: Database, now: datetime, n: int, start: int = 1) -> list[int]:
    ids = []
    async with db.write() as conn:
        repo = MembersRepo(conn)
        for user_id in range(start, start + n):
            member = await repo.seen(
                platform="telegram",
                user_id=user_id,
                chat_id=user_id,
                first_name=f"m{user_id}",
                last_name=None,
                username=None,
                language_code="fa",
                now=now,
            )
            ids.append(member.id)
    return ids


async def notices(db: Database, member_id: int | None = None) -> list[dict[str, Any]]:
    """Pending ledger rows (cause, occurrence, text key, status), oldest first."""
    stmt = select(deliveries).order_by(deliveries.c.id)
    if member_id is not None:
        stmt = stmt.where(deliveries.c.member_id == member_id)
    async with db.read() as conn:
        rows = (await conn.execute(stmt)).all()
    return [
        {
            "member_id": r.member_id,
            "cause": r.cause,
            "key": r.payload["text"]["key"],
            "args": r.payload["text"].get("args", {}),
            "buttons": r.payload.get("buttons"),
            "status": r.status,
            "group_key": r.group_key,
            "expires_at": r.expires_at,
        }
        for r in rows
    ]


def services(db: Database, clock, needs: FakeNeeds, **overrides: Any):
    config = settings(**overrides)
    courses = CourseService(db, clock, needs)
    registration = RegistrationService(db, clock, config, needs)
    nomination = NominationService(db, clock, config, registration, needs)
    return courses, registration, nomination
