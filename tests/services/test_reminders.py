"""Reminder planning: lead times, horizon, schedule changes, preferences, attendance answers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.persian.jalali import TEHRAN, to_utc
from bot.services.reminders import (
    CAUSE_COURSE_START,
    CAUSE_DEADLINE,
    CAUSE_SCHEDULE,
    CAUSE_SESSION,
    CAUSE_WITHDRAWAL,
    session_notices,
    stamp,
)
from tests.services.reminder_fakes import (
    FakeCourse,
    FakeRegistration,
    add_member,
    make_reminders,
    weekly_sessions,
)

# The clock fixture: 1404-08-25 09:30 Tehran (2025-11-16 06:00 UTC).
FIRST = to_utc(datetime(2025, 11, 18, 10, 0, tzinfo=TEHRAN))  # Tuesday 27 Aban 1404, 10:00 Tehran


def course(**kw) -> FakeCourse:
    return FakeCourse(id=kw.pop("id", 7), sessions=weekly_sessions(FIRST, 4), **kw)


def regs(*members: int, course_id: int = 7) -> list[FakeRegistration]:
    return [FakeRegistration(100 + m, course_id, m) for m in members]


# --- pure planning ----------------------------------------------------------------------------


def test_session_reminders_at_each_lead_within_the_horizon(clock):
    c = course()
    now = clock.now()
    notices = session_notices(
        c, c.sessions, regs(1), now=now, leads_hours=[24, 2], horizon=timedelta(hours=48)
    )
    # first session in 48.5 h: both leads fall inside the 48 h horizon; next week's do not yet
    assert [(n.due_at, n.expires_at) for n in notices] == [
        (FIRST - timedelta(hours=2), FIRST),
        (FIRST - timedelta(hours=24), FIRST),
    ]
    assert {n.occurrence for n in notices} == {
        f"r101:{stamp(FIRST)}:120",
        f"r101:{stamp(FIRST)}:1440",
    }
    n = notices[0]
    assert n.cause == CAUSE_SESSION and n.group_key == "course:7" and n.member_id == 1
    args = n.payload["text"]["args"]
    assert args["start"] == {"datetime": FIRST.isoformat()}
    assert args["title"] == {"by_locale": {"fa": c.title_fa, "en": c.title_en}}
    assert args["place"] == "مرکز فنی و حرفه‌ای شمارهٔ ۳ تهران، خیابان آزادی"
    yes, no = n.payload["buttons"][0]
    assert yes["data"] == f"rem:att:101:yes:{stamp(FIRST)}" and yes["key"] == "reminders-attend-yes"
    assert no["data"] == f"rem:att:101:no:{stamp(FIRST)}"
    assert len(yes["data"].encode()) <= 64


def test_a_short_horizon_plans_only_what_is_near(clock):
    c = course()
    notices = session_notices(
        c, c.sessions, regs(1), now=clock.now(), leads_hours=[24, 2], horizon=timedelta(hours=30)
    )
    assert [n.due_at for n in notices] == [FIRST - timedelta(hours=24)]


def test_late_planning_sends_only_the_nearest_due_lead(clock):
    c = course()
    # registered (confirmed) 90 minutes before the session: both leads are past due
    now = FIRST - timedelta(minutes=90)
    notices = session_notices(
        c, c.sessions, regs(1), now=now, leads_hours=[24, 2], horizon=timedelta(hours=48)
    )
    assert [n.occurrence.rsplit(":", 1)[1] for n in notices] == ["120"]
    # three hours before: the 24 h one is sent late, the 2 h one follows at its time
    notices = session_notices(
        c,
        c.sessions,
        regs(1),
        now=FIRST - timedelta(hours=3),
        leads_hours=[24, 2],
        horizon=timedelta(hours=1),
    )
    assert sorted(n.occurrence.rsplit(":", 1)[1] for n in notices) == ["120", "1440"]


def test_no_reminders_for_sessions_that_started_declined_or_muted(clock):
    c = course()
    now = FIRST + timedelta(minutes=1)  # the first session has begun
    notices = session_notices(
        c,
        c.sessions,
        regs(1, 2, 3),
        now=now,
        leads_hours=[24, 2],
        horizon=timedelta(days=7),
        skip_members={2},
        declined={(101, FIRST + timedelta(weeks=1))},
    )
    assert {n.member_id for n in notices} == {3}
    assert all(n.expires_at > now for n in notices)


def test_online_courses_have_no_address(clock):
    c = course(delivery_mode="online")
    notices = session_notices(
        c, c.sessions, regs(1), now=clock.now(), leads_hours=[2], horizon=timedelta(hours=48)
    )
    assert notices[0].payload["text"]["args"]["place"] == {"text": "reminders-place-online"}


# --- planning against the ledger --------------------------------------------------------------


async def registered(db, clock, settings, people: int):
    """The planner, and `people` members (user ids 1, 2, …) confirmed in course 7
    (registrations 11, 12, …)."""
    service, peers, _ = make_reminders(db, clock, settings)
    members = [await add_member(db, clock, user_id) for user_id in range(1, people + 1)]
    peers.courses.add_course(course())
    for index, member_id in enumerate(members):
        peers.courses.register(11 + index, 7, member_id)
    return service, peers, members


async def test_plan_writes_reminders_once_and_course_start(db, clock, settings):
    service, peers, (a, b) = await registered(db, clock, settings, 2)
    peers.courses.register(13, 7, b, status="waitlisted")
    report = await service.plan_courses()
    assert report.registrations == 2 and report.courses == 1
    assert report.written == 6  # 2 people x (24 h, 2 h, course start)
    again = await service.plan_courses()
    assert again.written == 0 and again.cancelled == 0
    rows = await service.ledger.find(member_id=a)
    assert sorted((r.cause, r.due_at) for r in rows) == [
        (CAUSE_COURSE_START, FIRST - timedelta(hours=48)),
        (CAUSE_SESSION, FIRST - timedelta(hours=24)),
        (CAUSE_SESSION, FIRST - timedelta(hours=2)),
    ]
    start = next(r for r in rows if r.cause == CAUSE_COURSE_START)
    assert start.payload["text"]["args"]["bring"] == {"text": "reminders-bring-in-person"}


async def test_the_bulk_path_writes_what_each_notice_says(db, clock, settings, monkeypatch):
    """Many registrations in chunks: the texts made from one template per session read back
    exactly as each reminder's own payload; a second run writes nothing."""
    monkeypatch.setattr("bot.services.ledger.PLAN_CHUNK", 7)
    service, peers, _ = make_reminders(db, clock, settings)
    peers.courses.add_course(course())
    members = [await add_member(db, clock, uid) for uid in range(1, 21)]
    for reg_id, member_id in enumerate(members, start=100):
        peers.courses.register(reg_id, 7, member_id)
    report = await service.plan_courses()
    assert report.written == report.desired == 60
    expected = session_notices(
        course(),
        list(course().sessions),
        list(peers.courses.registrations.values()),
        now=clock.now(),
        leads_hours=settings.reminder_session_leads_hours,
        horizon=timedelta(hours=settings.reminder_plan_horizon_hours),
    )
    rows = {(r.member_id, r.occurrence): r for r in await service.ledger.find(cause=CAUSE_SESSION)}
    assert len(rows) == len(expected) == 40
    for notice in expected:
        row = rows[(notice.member_id, notice.occurrence)]
        assert (row.payload, row.due_at, row.expires_at) == (
            notice.payload,
            notice.due_at,
            notice.expires_at,
        )
        assert row.payload["buttons"][0][0]["data"].startswith(f"rem:att:{notice.occurrence[1:4]}:")
    assert (await service.plan_courses()).written == 0
    assert sum((await service.ledger.counts()).values()) == 60


async def test_schedule_change_replans_and_tells_once(db, clock, settings):
    service, peers, (a,) = await registered(db, clock, settings, 1)
    await service.plan_courses()
    moved = FIRST + timedelta(hours=2)
    peers.courses.change(7, sessions=weekly_sessions(moved, 4))
    report = await service.course_changed(7)
    assert report.changed_schedules == 1 and report.told == 1
    assert report.cancelled == 3  # 24 h, 2 h and course start of the old first session
    pending = await service.ledger.find(member_id=a, status="pending")
    sessions = sorted(r.due_at for r in pending if r.cause == CAUSE_SESSION)
    assert sessions == [moved - timedelta(hours=24)]  # the 2 h one is beyond the horizon now
    told = [r for r in pending if r.cause == CAUSE_SCHEDULE]
    assert len(told) == 1 and told[0].payload["text"]["args"]["start"] == {
        "datetime": moved.isoformat()
    }
    # the periodic planner later sees the same schedule: nobody is told again
    report = await service.plan_courses()
    assert report.changed_schedules == 0 and report.told == 0 and report.written == 0
    # and moving it back brings the original reminders back (revived, not duplicated)
    peers.courses.change(7, sessions=weekly_sessions(FIRST, 4))
    report = await service.plan_courses()
    assert report.changed_schedules == 1 and report.written == 3
    rows = await service.ledger.find(member_id=a, cause=CAUSE_SESSION)
    assert len({r.occurrence for r in rows}) == len(rows)


async def test_place_change_rewrites_pending_texts(db, clock, settings):
    service, peers, (a,) = await registered(db, clock, settings, 1)
    await service.plan_courses()
    peers.courses.change(7, provider_address="خیابان انقلاب")
    report = await service.course_changed(7)
    assert report.told == 1
    rows = await service.ledger.find(member_id=a, cause=CAUSE_SESSION, status="pending")
    assert all("انقلاب" in r.payload["text"]["args"]["place"] for r in rows)


async def test_cancelled_course_or_registration_cancels_pending_reminders(db, clock, settings):
    service, peers, (_a, b) = await registered(db, clock, settings, 2)
    await service.plan_courses()
    peers.courses.register(12, 7, b, status="cancelled")
    report = await service.plan_courses()
    assert report.cancelled == 3
    assert await service.ledger.find(member_id=b, status="pending") == []
    peers.courses.change(7, status="cancelled")
    report = await service.plan_courses()
    assert report.cancelled == 3
    assert await service.ledger.counts() == {"cancelled": 6}


async def test_turning_a_kind_off_and_on(db, clock, settings):
    service, _peers, (a,) = await registered(db, clock, settings, 1)
    await service.plan_courses()
    assert await service.preferences(a, "member") == {
        "session": True,
        "course": True,
        "assessment": True,
    }
    await service.set_preference(a, "session", False)
    assert (await service.preferences(a, "member"))["session"] is False
    pending = await service.ledger.find(member_id=a, status="pending")
    assert [r.cause for r in pending] == [CAUSE_COURSE_START]
    assert (await service.plan_courses()).written == 0  # stays off
    await service.set_preference(a, "session", True)
    assert (await service.plan_courses()).written == 2  # back on
    assert "staff" in await service.preferences(a, "staff")


async def test_waitlisted_people_are_reminded_of_the_registration_deadline(db, clock, settings):
    service, peers, _ = make_reminders(db, clock, settings)
    a = await add_member(db, clock, 1)
    b = await add_member(db, clock, 2)
    deadline = clock.now() + timedelta(hours=30)
    peers.courses.add_course(course(id=8, registration_deadline=deadline))
    peers.courses.register(21, 8, a, status="waitlisted")
    peers.courses.register(22, 8, b, status="requested")
    report = await service.plan_courses()
    rows = await service.ledger.find(cause=CAUSE_DEADLINE)
    assert report.written == 1 and [r.member_id for r in rows] == [a]
    assert rows[0].due_at == deadline - timedelta(hours=24) and rows[0].expires_at == deadline
    assert rows[0].payload["text"]["args"]["deadline"] == {"deadline": deadline.isoformat()}
    peers.courses.register(21, 8, a, status="offered")  # off the waitlist: no reminder
    assert (await service.plan_courses()).cancelled == 1


# --- attendance buttons -----------------------------------------------------------------------


async def test_attendance_yes_and_no_to_a_later_session(db, clock, settings):
    service, peers, _ = make_reminders(db, clock, settings)
    a = await add_member(db, clock, 1)
    c = peers.courses.add_course(course())
    peers.courses.register(11, 7, a)
    second = c.sessions[1][0]
    clock.set(second - timedelta(hours=30))
    await service.plan_courses()
    assert (await service.answer_attendance(a, 11, stamp(second), "yes")).status == "yes"
    result = await service.answer_attendance(a, 11, stamp(second), "no")
    assert result.status == "no" and result.session_at == second
    pending = await service.ledger.find(member_id=a, cause=CAUSE_SESSION, status="pending")
    assert pending == []  # no more reminders for that session...
    assert (await service.plan_courses()).written == 0  # ...and the planner keeps it so
    replies = await service.attendance(7)
    assert [(r.registration_id, r.answer) for r in replies] == [(11, "no")]


async def test_attendance_rechecks_everything(db, clock, settings):
    service, peers, _ = make_reminders(db, clock, settings)
    a = await add_member(db, clock, 1)
    b = await add_member(db, clock, 2)
    peers.courses.add_course(course())
    peers.courses.register(11, 7, a)
    s = stamp(FIRST)
    assert (await service.answer_attendance(b, 11, s, "yes")).status == "invalid"  # not b's
    assert (await service.answer_attendance(a, 11, "202501010000", "yes")).status == "invalid"
    assert (await service.answer_attendance(a, 11, "garbage", "yes")).status == "invalid"
    assert (await service.answer_attendance(a, 11, s, "maybe")).status == "invalid"
    assert (await service.answer_attendance(a, 99, s, "yes")).status == "invalid"
    clock.set(FIRST + timedelta(hours=4))
    assert (await service.answer_attendance(a, 11, s, "yes")).status == "past"


async def test_cant_come_to_the_first_session_withdraws_after_confirmation(db, clock, settings):
    service, peers, (a,) = await registered(db, clock, settings, 1)
    staff = await add_member(db, clock, 50, role="staff")
    await service.plan_courses()
    result = await service.answer_attendance(a, 11, stamp(FIRST), "no")
    assert result.status == "confirm_withdraw"
    assert peers.registration.cancelled == []  # nothing happens before the confirmation
    withdrawn = await service.withdraw(a, 11)
    assert withdrawn.status == "withdrawn"
    assert peers.registration.cancelled == [(a, 7)]
    assert await service.ledger.find(member_id=a, status="pending") == []
    told = await service.ledger.find(member_id=staff, cause=CAUSE_WITHDRAWAL)
    assert len(told) == 1
    assert told[0].payload["text"]["key"] == "reminders-staff-withdrawn"
    assert told[0].payload["text"]["args"]["name"] == "نفر1"
    assert (await service.withdraw(a, 11)).status == "invalid"  # a second press


async def test_withdraw_too_late_tells_staff_of_the_absence(db, clock, settings):
    service, peers, (a,) = await registered(db, clock, settings, 1)
    admin = await add_member(db, clock, 9001, role="admin")  # no staff yet: admins are told
    peers.registration.too_late = True
    assert (await service.withdraw(a, 11)).status == "too_late"
    told = await service.ledger.find(member_id=admin, cause=CAUSE_WITHDRAWAL)
    assert [t.payload["text"]["key"] for t in told] == ["reminders-staff-absent"]


async def test_without_the_courses_feature_nothing_is_planned(db, clock, settings):
    from bot.services.ledger import LedgerService
    from bot.services.reminders import ReminderService

    service = ReminderService(db, clock, settings, LedgerService(db, clock, settings))
    assert (await service.plan_courses()).written == 0
    assert (await service.answer_attendance(1, 1, stamp(FIRST), "yes")).status == "invalid"
    assert (await service.withdraw(1, 1)).status == "unavailable"


def test_stamps_round_trip():
    from bot.services.reminders import parse_stamp

    at = datetime(2025, 11, 18, 6, 30, tzinfo=UTC)
    assert parse_stamp(stamp(at)) == at
    assert parse_stamp("20251318") is None and parse_stamp("۲۰۲۵۱۱۱۸۰۶۳۰") is None


def test_a_whole_day_deadline_reads_as_that_day_and_a_timed_one_keeps_its_time():
    """A date-only deadline is stored as the midnight (Tehran) after that day: the reminder names
    the day, not the next day at 00:00 — as the course card does."""
    from bot.background.delivery import render_arg
    from bot.core.i18n import Translator
    from bot.services.ledger import until

    whole_day = datetime(2025, 11, 30, 20, 30, tzinfo=UTC)  # 1404-09-10 00:00 Tehran
    timed = datetime(2025, 11, 30, 14, 30, tzinfo=UTC)  # 1404-09-09 18:00 Tehran
    t = Translator()
    assert render_arg(until(whole_day), "fa", t) == "۹ آذر ۱۴۰۴"
    assert render_arg(until(whole_day), "en", t) == "9 Azar 1404"
    assert render_arg(until(timed), "fa", t) == "۹ آذر ۱۴۰۴، ساعت ۱۸:۰۰"
