"""Browsing before registering: recommended for me, by topic, by county, the course card."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

from bot.services.courses import effective_status, overlapping
from tests.services.courses_support import FakeNeeds, add_course, add_members, course_data, services


class NeedsWithProfile(FakeNeeds):
    def __init__(self, county: str, province: str | None = None) -> None:
        super().__init__()
        self.county = county
        self.province = province

    async def member_profile(self, member_id: int):
        return SimpleNamespace(
            cooperative=SimpleNamespace(county=self.county, province=self.province)
        )


async def test_recommended_follows_the_roadmap_then_my_county(db, clock):
    needs = NeedsWithProfile(county="ری")
    now = clock.now()
    ict = await add_course(db, now, ref="ict", topic="ict")
    acc_far = await add_course(db, now, ref="acc-far", topic="accounting", county="ورامین")
    acc_near = await add_course(db, now, ref="acc-near", topic="accounting", county="ری")
    await add_course(db, now, ref="law", topic="coop_law")
    await add_course(db, now, ref="old", topic="ict", deadline=now - timedelta(hours=1))
    [member, other] = await add_members(db, now, 2)
    needs.submit(member, 5, cooperative_id=4, topics=["ict"])
    needs.roadmaps[4] = ["accounting"]
    courses, _, _ = services(db, clock, needs)
    found = await courses.recommended(member)
    assert [r.course.id for r in found] == [acc_near.id, acc_far.id, ict.id]
    assert not any(r.elsewhere for r in found)  # the member's province is not known
    assert await courses.recommended(other) is None  # no assessment yet


async def test_recommended_puts_my_province_first_and_marks_the_others(db, clock):
    """A member of a cooperative in Kashan (stored as the ids `isfahan`, `kashan`): courses in
    Isfahan province come first (Kashan's first of all), an online course counts as near,
    and a Tehran course on the roadmap's first topic comes after them, marked."""
    needs = NeedsWithProfile(county="kashan", province="isfahan")
    now = clock.now()
    tehran = await add_course(db, now, ref="tehran", topic="accounting")
    online = await add_course(db, now, ref="online", topic="ict", delivery_mode="online")
    isfahan = await add_course(db, now, ref="isf", topic="ict", province="اصفهان", county="اصفهان")
    kashan = await add_course(db, now, ref="kashan", topic="ict", province="اصفهان", county="کاشان")
    [member] = await add_members(db, now, 1)
    needs.submit(member, 5, cooperative_id=4)
    needs.roadmaps[4] = ["accounting", "ict"]
    courses, _, _ = services(db, clock, needs)
    found = await courses.recommended(member)
    assert [(r.course.id, r.elsewhere) for r in found[::3]] == [
        (kashan.id, False),
        (tehran.id, True),
    ]
    assert {(r.course.id, r.elsewhere) for r in found[1:3]} == {
        (isfahan.id, False),
        (online.id, False),
    }


async def test_by_topic_and_by_county_list_only_open_courses(db, clock):
    needs = FakeNeeds()
    now = clock.now()
    await add_course(db, now, ref="a", topic="ict", county="ری")
    await add_course(db, now, ref="b", topic="ict", county="تهران", start=date(2025, 11, 1))
    courses, _, _ = services(db, clock, needs)
    assert [c.ref for c in await courses.by_topic("ict")] == ["a"]  # b has started
    assert await courses.topics() == ["ict"]
    assert await courses.counties() == ["ری"]
    assert [c.ref for c in await courses.by_county("ری")] == ["a"]
    assert await courses.by_county("تهران") == []


async def test_card_shows_seats_and_my_place(db, clock):
    needs = FakeNeeds()
    course = await add_course(db, clock.now(), capacity=1)
    a, b = await add_members(db, clock.now(), 2)
    needs.submit(a, 1)
    needs.submit(b, 2)
    courses, registration, _ = services(db, clock, needs)
    card = await courses.card(course.id, a)
    assert (card.status, card.seats_left, card.registration, card.can_register) == (
        "open",
        1,
        None,
        True,
    )
    await registration.register(a, course.id)
    await registration.register(b, course.id)
    card = await courses.card(course.id, b)
    assert (card.status, card.seats_left, card.waitlist_position) == ("full", 0, 1)
    assert card.registration.status == "waitlisted" and not card.can_register
    assert await courses.card(999, a) is None


def test_effective_status_and_overlaps():
    now = datetime(2025, 11, 16, 6, 0, tzinfo=UTC)
    base = course_data().model_dump()
    course = SimpleNamespace(**base, status="open")
    assert effective_status(course, now) == "open"
    assert effective_status(SimpleNamespace(**base, status="full"), now) == "full"
    late = SimpleNamespace(**{**base, "registration_deadline": now - timedelta(seconds=1)})
    assert effective_status(SimpleNamespace(**vars(late), status="open"), now) == "closed"
    started = {**base, "start_date": date(2025, 11, 16)}
    assert effective_status(SimpleNamespace(**started, status="open"), now) == "started"
    assert effective_status(SimpleNamespace(**base, status="cancelled"), now) == "cancelled"
    monday_morning = course_data(sessions=((0, "10:00", "11:00"),))
    saturday = course_data(sessions=((5, "09:00", "12:00"),))
    later_term = course_data(start=date(2026, 2, 1), end=date(2026, 3, 1))
    assert overlapping(course_data(), monday_morning)
    assert not overlapping(monday_morning, saturday)
    assert not overlapping(course_data(), later_term)
