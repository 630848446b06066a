"""Statistics: totals, groupings and daily series on both engines; the period typed in Jalali."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.services.stats import BadPeriod, Period, parse_period, period_between
from storage.assessments import AssessmentsRepo
from storage.cooperatives import CooperativesRepo
from tests.services.admin_support import make_services, person
from tests.services.courses_support import add_course

TODAY = date(2025, 11, 16)  # 25 Aban 1404


def test_parse_period():
    assert parse_period("", TODAY) == Period()
    assert parse_period("1404/08/01", TODAY) == Period(date(2025, 10, 23), TODAY)
    assert parse_period("۱۴۰۴/۰۸/۰۱ تا ۱۴۰۴/۰۸/۱۰", TODAY) == Period(
        date(2025, 10, 23), date(2025, 11, 1)
    )
    assert parse_period("1404/08/01 - 1404/08/10", TODAY).last == date(2025, 11, 1)
    with pytest.raises(BadPeriod) as bad:
        parse_period("1404/08/10 1404/08/01", TODAY)
    assert bad.value.reason == "order"
    with pytest.raises(BadPeriod) as bad:
        parse_period("yesterday", TODAY)
    assert (bad.value.reason, bad.value.text) == ("date", "yesterday")
    with pytest.raises(BadPeriod):
        parse_period("1405/01/01", TODAY)
    period = Period(date(2025, 11, 1), date(2025, 11, 1))
    assert period.since.isoformat() == "2025-10-31T20:30:00+00:00"
    assert period.until.isoformat() == "2025-11-01T20:30:00+00:00"


@pytest.mark.parametrize(
    ("first", "last", "reason"),
    [
        (date(1, 1, 1), date(9999, 12, 31), "date"),  # the whole calendar: not a Jalali year
        (date(2025, 11, 1), date(2025, 10, 1), "order"),
        (TODAY + timedelta(days=1), TODAY + timedelta(days=2), "future"),
    ],
)
def test_a_period_a_button_carries_follows_the_typed_rules(first, last, reason):
    with pytest.raises(BadPeriod) as bad:
        period_between(first, last, TODAY)
    assert bad.value.reason == reason
    assert period_between(date(2025, 10, 23), TODAY, TODAY) == Period(date(2025, 10, 23), TODAY)


async def submit(db, clock, member_id, topics, coop_kind="production", county="tehran"):
    now = clock.now()
    async with db.write() as conn:
        coops = CooperativesRepo(conn)
        key = f"{coop_kind}|{county}"
        coop = await coops.by_identity_key(key) or await coops.insert(
            {"name": key, "identity_key": key, "kind": coop_kind, "county": county}, now
        )
        repo = AssessmentsRepo(conn)
        draft = await repo.create_draft(member_id, "1", now)
        await repo.submit(
            draft.id,
            cooperative_id=coop.id,
            need_score=1.0,
            consent=True,
            topics=topics,
            delivery_mode=None,
            needs={},
            score_detail={},
            now=now,
        )


async def test_report(db, clock):
    services = make_services(db, clock)
    stats = services.admin.stats
    start = clock.now()
    # day 1: two people, one submits; day 3 (Tehran): two more, both submit, one drafts again
    a = await person(db, clock, 1)
    b = await person(db, clock, 2)
    await submit(db, clock, a.id, ["accounting", "ict"])
    clock.advance(timedelta(days=2, hours=16))  # 28 Aban 1404, 01:30 Tehran (still 27 in UTC)
    c = await person(db, clock, 3)
    d = await person(db, clock, 4)
    await submit(db, clock, c.id, ["accounting"], coop_kind="services", county="eslamshahr")
    await submit(db, clock, d.id, ["ict", "coop_law", "accounting"])
    await submit(db, clock, d.id, ["coop_law"])  # the latest counts
    async with db.write() as conn:
        await AssessmentsRepo(conn).create_draft(b.id, "1", clock.now())
    tehran = await add_course(db, clock.now(), ref="t", county="تهران")
    pardis = await add_course(db, clock.now(), ref="p", county="پردیس", capacity=1)
    for member, course in ((a, tehran), (c, tehran), (c, pardis), (d, pardis)):
        await services.registration.register(member.id, course.id)

    report = await stats.report()
    t = report.totals
    assert (t.members, t.members_new, t.cooperatives) == (4, 4, 2)
    assert (t.assessments_started, t.assessments_finished, t.members_assessed) == (5, 4, 3)
    assert t.registrations == 4
    assert {c.key: c.count for c in report.by_status} == {"requested": 3, "waitlisted": 1}
    assert [(c.key, c.count) for c in report.by_county] == [("تهران", 2), ("پردیس", 2)] or [
        (c.key, c.count) for c in report.by_county
    ] == [("پردیس", 2), ("تهران", 2)]
    assert {c.key: c.count for c in report.by_kind} == {"production": 2, "services": 2}
    assert {c.key: c.count for c in report.needs} == {"accounting": 2, "ict": 1, "coop_law": 1}
    assert len(report.days) == 30 and report.days[-1] == date(2025, 11, 19)
    members_per_day = dict(zip(report.days, report.series["members"], strict=True))
    assert members_per_day[date(2025, 11, 16)] == 2
    assert members_per_day[date(2025, 11, 19)] == 2  # the Tehran day, not the UTC one
    assert members_per_day[date(2025, 11, 18)] == 0
    assert sum(report.series["assessments"]) == 4
    assert sum(report.series["registrations"]) == 4

    # only the first day
    first = await stats.report(Period(date(2025, 11, 16), date(2025, 11, 16)))
    assert (first.totals.members_new, first.totals.assessments_finished) == (2, 1)
    assert first.totals.members == 4  # everyone, always
    assert {c.key: c.count for c in first.needs} == {"accounting": 1, "ict": 1}
    assert first.days == [date(2025, 11, 16)]
    assert first.by_status == []
    assert start < clock.now()
    assert stats.kind_label("production", "fa") and stats.kind_label("nonsense", "fa") is None
