"""Broadcast audiences: each filter alone, combined, and blocked members never included
(SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert

from storage.audience import Audience, AudienceRepo
from storage.engine import Database
from storage.members import MembersRepo
from storage.schema.assessment import assessments, cooperatives, member_profiles
from storage.schema.courses import courses, registrations

NOW = datetime(2025, 11, 16, 6, 0, tzinfo=UTC)


class Seed:
    """Members with cooperatives, assessments and course registrations, written directly."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.coops: dict[str, int] = {}
        self.next_user = 1000

    async def member(
        self,
        *,
        platform: str = "telegram",
        role: str = "member",
        first_seen: datetime = NOW,
        blocked: bool = False,
        chat: bool = True,
        user_id: int | None = None,
        locale: str | None = None,
    ) -> int:
        if user_id is None:
            self.next_user += 1
            user_id = self.next_user
        async with self.db.write() as conn:
            repo = MembersRepo(conn)
            m = await repo.seen(
                platform=platform,
                user_id=user_id,
                chat_id=user_id if chat else None,
                first_name=f"نفر{user_id}",
                last_name=None,
                username=None,
                language_code="fa",
                now=first_seen,
            )
            if role != "member":
                await repo.set_role(m.id, role)
            if blocked:
                await repo.mark_blocked(m.id, first_seen)
            if locale:
                await repo.set_locale(m.id, locale)
        return m.id

    async def coop(self, name: str, kind: str, province: str, county: str) -> int:
        async with self.db.write() as conn:
            result = await conn.execute(
                insert(cooperatives)
                .values(
                    name=name,
                    identity_key=name,
                    kind=kind,
                    province=province,
                    county=county,
                    created_at=NOW,
                    updated_at=NOW,
                )
                .returning(cooperatives.c.id)
            )
            self.coops[name] = result.scalar_one()
        return self.coops[name]

    async def assessment(
        self,
        member_id: int,
        *,
        coop: int | None = None,
        topics: list[str] | None = None,
        status: str = "submitted",
    ) -> None:
        async with self.db.write() as conn:
            result = await conn.execute(
                insert(assessments)
                .values(
                    member_id=member_id,
                    version="1",
                    status=status,
                    cooperative_id=coop,
                    topics=topics if status == "submitted" else None,
                    started_at=NOW,
                    updated_at=NOW,
                    submitted_at=NOW if status == "submitted" else None,
                )
                .returning(assessments.c.id)
            )
            assessment_id = result.scalar_one()
            if status == "submitted":
                await conn.execute(
                    member_profiles.delete().where(member_profiles.c.member_id == member_id)
                )
                await conn.execute(
                    insert(member_profiles).values(
                        member_id=member_id,
                        cooperative_id=coop,
                        assessment_id=assessment_id,
                        updated_at=NOW,
                    )
                )

    async def course(self, title: str = "حسابداری") -> int:
        async with self.db.write() as conn:
            result = await conn.execute(
                insert(courses)
                .values(
                    standard_code="1-2-3",
                    title_fa=title,
                    title_en="Accounting",
                    topic="accounting",
                    provider_kind="tvto_centre",
                    provider_name="مرکز ۳",
                    province="tehran",
                    county="tehran",
                    delivery_mode="in_person",
                    start_date=date(2025, 12, 1),
                    end_date=date(2025, 12, 30),
                    sessions=[],
                    total_hours=30,
                    capacity=20,
                    registration_deadline=NOW + timedelta(days=10),
                    status="open",
                    created_at=NOW,
                    updated_at=NOW,
                )
                .returning(courses.c.id)
            )
            return result.scalar_one()

    async def register(self, course_id: int, member_id: int, status: str) -> None:
        async with self.db.write() as conn:
            await conn.execute(
                insert(registrations).values(
                    course_id=course_id,
                    member_id=member_id,
                    status=status,
                    requested_at=NOW,
                    status_at=NOW,
                )
            )


async def ids(db: Database, audience: Audience, only_platform: str | None = None) -> list[int]:
    async with db.read() as conn:
        repo = AudienceRepo(conn)
        page = await repo.page(audience, after_id=0, limit=10_000, only_platform=only_platform)
        assert await repo.count(audience, only_platform) == len(page)
    return [r.member_id for r in page]


async def test_each_filter_and_their_combination(db):
    seed = Seed(db)
    housing_tehran = await seed.coop("مسکن مهر", "housing", "tehran", "rey")
    consumer_tehran = await seed.coop("مصرف کارکنان", "consumer", "tehran", "tehran")
    housing_fars = await seed.coop("مسکن شیراز", "housing", "fars", "shiraz")

    a = await seed.member()  # housing, Tehran/Rey, needs accounting
    await seed.assessment(a, coop=housing_tehran, topics=["accounting", "ict"])
    b = await seed.member(platform="bale")  # consumer, Tehran/Tehran, needs coop law
    await seed.assessment(b, coop=consumer_tehran, topics=["coop_law"])
    c = await seed.member(first_seen=NOW - timedelta(days=40))  # housing, Fars, draft open
    await seed.assessment(c, coop=housing_fars, topics=["ict"])
    await seed.assessment(c, status="draft")
    d = await seed.member(first_seen=NOW - timedelta(days=3))  # never answered
    blocked = await seed.member()
    await seed.assessment(blocked, coop=housing_tehran, topics=["accounting"])
    async with db.write() as conn:
        await MembersRepo(conn).mark_blocked(blocked, NOW)
    no_chat = await seed.member(chat=False)

    course = await seed.course()
    await seed.register(course, a, "confirmed")
    await seed.register(course, b, "waitlisted")
    await seed.register(course, c, "requested")
    await seed.register(course, d, "cancelled")

    assert await ids(db, Audience()) == [a, b, c, d]
    assert blocked not in await ids(db, Audience(coop_kinds=("housing",)))
    assert no_chat not in await ids(db, Audience())
    assert await ids(db, Audience(platform="bale")) == [b]
    assert await ids(db, Audience(), only_platform="telegram") == [a, c, d]
    assert await ids(db, Audience(platform="bale"), only_platform="telegram") == []
    assert await ids(db, Audience(coop_kinds=("housing",))) == [a, c]
    assert await ids(db, Audience(coop_kinds=("housing", "consumer"))) == [a, b, c]
    assert await ids(db, Audience(province="tehran")) == [a, b]
    assert await ids(db, Audience(province="tehran", county="rey")) == [a]
    assert await ids(db, Audience(topics=("ict",))) == [a, c]
    assert await ids(db, Audience(topics=("coop_law", "accounting"))) == [a, b]
    assert await ids(db, Audience(unfinished_assessment=True)) == [c]
    assert await ids(db, Audience(course_id=course)) == [a, c]
    assert await ids(db, Audience(course_id=course, course_groups=("waitlist",))) == [b]
    assert await ids(db, Audience(course_id=course, course_groups=("nominees",))) == [a]
    both = Audience(course_id=course, course_groups=("waitlist", "nominees"))
    assert await ids(db, both) == [a, b]
    recent = Audience(registered_since=NOW - timedelta(days=7))
    assert await ids(db, recent) == [a, b, d]
    old = Audience(registered_before=NOW - timedelta(days=7))
    assert await ids(db, old) == [c]
    # different kinds of filter narrow each other
    combined = Audience(coop_kinds=("housing",), province="tehran", topics=("accounting",))
    assert await ids(db, combined) == [a]
    assert await ids(db, Audience(coop_kinds=("housing",), unfinished_assessment=True)) == [c]


async def test_the_latest_submitted_assessment_counts(db):
    seed = Seed(db)
    coop = await seed.coop("تولیدی", "production", "tehran", "tehran")
    m = await seed.member()
    await seed.assessment(m, coop=coop, topics=["accounting"])
    await seed.assessment(m, coop=coop, topics=["ict"])
    assert await ids(db, Audience(topics=("accounting",))) == []
    assert await ids(db, Audience(topics=("ict",))) == [m]


async def test_topic_names_match_exactly(db):
    seed = Seed(db)
    m = await seed.member()
    await seed.assessment(m, topics=["coop_law"])
    assert await ids(db, Audience(topics=("coop_law",))) == [m]
    assert await ids(db, Audience(topics=("coop",))) == []
    assert await ids(db, Audience(topics=("coop%law",))) == []


async def test_pages_resume_after_a_member_id(db):
    seed = Seed(db)
    members = [await seed.member() for _ in range(7)]
    async with db.read() as conn:
        repo = AudienceRepo(conn)
        first = await repo.page(Audience(), after_id=0, limit=3)
        rest = await repo.page(Audience(), after_id=first[-1].member_id, limit=10)
    assert [r.member_id for r in first + rest] == members


async def test_places_with_member_counts(db):
    seed = Seed(db)
    rey = await seed.coop("الف", "housing", "tehran", "rey")
    shiraz = await seed.coop("ب", "housing", "fars", "shiraz")
    for coop in (rey, rey, shiraz):
        await seed.assessment(await seed.member(), coop=coop)
    async with db.read() as conn:
        repo = AudienceRepo(conn)
        assert await repo.provinces() == [("tehran", 2), ("fars", 1)]
        assert await repo.counties("tehran") == [("rey", 2)]


def test_audience_json_round_trip():
    a = Audience(
        platform="bale",
        coop_kinds=("housing",),
        course_id=3,
        course_groups=("waitlist",),
        registered_since=NOW,
    )
    data = a.to_json()
    assert data["registered_since"].startswith("2025-11-16T06:00:00")
    assert Audience.model_validate(data) == a
    assert Audience().to_json() == {} and Audience().is_everyone()
