"""Every course notice written to the ledger renders completely in both languages."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from sqlalchemy import select

from bot.background.delivery import render_buttons, render_text
from bot.core.i18n import Translator
from bot.persian.jalali import TEHRAN
from storage.schema.ledger import deliveries
from tests.services.courses_support import FakeNeeds, add_course, add_members, services


def tehran(y: int, m: int, d: int, hh: int = 0) -> datetime:
    return datetime.combine(date(y, m, d), time(hh), tzinfo=TEHRAN).astimezone(UTC)


async def test_a_whole_cycle_of_notices_renders_in_persian_and_english(db, clock):
    clock.set(tehran(2025, 11, 10, 10))
    needs = FakeNeeds()
    course = await add_course(
        db,
        clock.now(),
        capacity=2,
        start=date(2026, 1, 10),
        end=date(2026, 3, 1),
        deadline=tehran(2026, 1, 1),
    )
    people = await add_members(db, clock.now(), 5)
    staff = people.pop()
    for i, member in enumerate(people):
        needs.submit(member, 10 - i, cooperative_id=1)  # one cooperative, cap 1
    _, registration, nomination = services(db, clock, needs, nomination_coop_cap=1)
    for member in people:
        await registration.register(member, course.id)
    await registration.cancel(people[0], course.id)  # an offer to people[2]
    clock.set(tehran(2025, 11, 16, 9))
    month = await nomination.freeze_due()
    await nomination.approve(month.id, actor_id=staff)
    await nomination.mark_sent(month.id, actor_id=staff)
    await nomination.confirm(month.id, actor_id=staff)
    await registration.cancel_course(course.id, staff, "x")

    async with db.read() as conn:
        rows = (await conn.execute(select(deliveries).order_by(deliveries.c.id))).all()
    keys = {row.payload["text"]["key"] for row in rows}
    assert {
        "courses-notice-offer",
        "courses-notice-nominated",
        "courses-notice-carried-over",
        "courses-notice-sent",
        "courses-notice-confirmed",
        "courses-notice-course-cancelled",
    } <= keys
    translator = Translator()
    for row in rows:
        for locale in ("fa", "en"):
            text = render_text(row.payload["text"], locale, translator)
            assert "{" not in text and "courses-" not in text, text
            if locale == "fa":
                assert text.startswith("تعاونگر گرامی")
                assert "حسابداری مقدماتی" in text
                assert any("۰" <= ch <= "۹" for ch in text) or "آغاز" not in text
            else:
                assert "Basic accounting" in text
        if row.payload.get("buttons"):
            render_buttons(row.payload["buttons"], "fa", translator)
