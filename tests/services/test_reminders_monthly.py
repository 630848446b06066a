"""Monthly deadlines on the Jalali calendar: nudges, staff reminder, escalation, month ends."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest

from bot.persian.jalali import jalali_to_gregorian, to_utc
from bot.services.reminders import (
    CAUSE_ASSESSMENT,
    CAUSE_ESCALATION,
    CAUSE_MONTHLY,
    monthly_moments,
)
from tests.services.reminder_fakes import add_member, make_reminders


def tehran(y: int, m: int, d: int, hh: int = 9, mm: int = 0) -> datetime:
    """A Jalali date and Tehran wall time as an aware UTC instant."""
    g = jalali_to_gregorian(y, m, d)
    assert g is not None, (y, m, d)
    return to_utc(datetime.combine(g, time(hh, mm)))


@pytest.mark.parametrize(
    ("year", "month", "day", "expected"),
    [
        (1404, 8, 25, (1404, 8, 25)),  # Aban, 30 days
        (1404, 6, 31, (1404, 6, 31)),  # Shahrivar, 31 days
        (1404, 7, 31, (1404, 7, 30)),  # Mehr has 30 days: the last day
        (1403, 12, 30, (1403, 12, 30)),  # Esfand of leap year 1403: 30 days
        (1404, 12, 30, (1404, 12, 29)),  # Esfand of common year 1404: 29 days
        (1404, 12, 29, (1404, 12, 29)),
        (1403, 12, 31, (1403, 12, 30)),
    ],
)
def test_cutoff_falls_on_the_jalali_day_clamped_to_the_months_end(
    settings, year, month, day, expected
):
    s = settings.model_copy(update={"nomination_cutoff_day": day})
    mm = monthly_moments(year, month, s)
    assert mm.cutoff == tehran(*expected)  # 09:00 Tehran, not a Gregorian date
    assert mm.nudge_at == mm.cutoff - timedelta(days=3)
    assert mm.escalate_at == mm.cutoff + timedelta(hours=48)
    assert mm.period == f"{year}-{month:02d}"


def test_concrete_gregorian_instants(settings):
    s = settings.model_copy(update={"nomination_cutoff_day": 30})
    assert monthly_moments(1403, 12, s).cutoff == datetime.fromisoformat("2025-03-20T05:30+00:00")
    assert monthly_moments(1404, 12, s).cutoff == datetime.fromisoformat("2026-03-20T05:30+00:00")
    # the next cut-off after Esfand is in Farvardin of the next year
    assert monthly_moments(1404, 12, s).next_cutoff == tehran(1405, 1, 30)


async def test_the_monthly_cycle(db, clock, settings):
    service, peers, sent = make_reminders(db, clock, settings, sent_months={(1404, 8)})
    member = await add_member(db, clock, 1)
    muted = await add_member(db, clock, 2)
    done = await add_member(db, clock, 3)
    staff = await add_member(db, clock, 50, role="staff")
    admin = await add_member(db, clock, 9001, role="admin")
    peers.assessment.unfinished = [member, muted]
    await service.set_preference(muted, "assessment", False)
    cutoff = tehran(1404, 9, 25)  # Azar

    clock.set(cutoff - timedelta(days=3, minutes=1))
    assert await service.plan_monthly() == 0  # too early for anything
    clock.set(cutoff - timedelta(days=3))
    assert await service.plan_monthly() == 1  # one nudge; the muted member gets none
    clock.advance(hours=1)
    assert await service.plan_monthly() == 0  # never twice
    [nudge] = await service.ledger.find(cause=CAUSE_ASSESSMENT)
    assert (nudge.member_id, nudge.occurrence, nudge.expires_at) == (member, "1404-09", cutoff)
    assert nudge.payload["text"] == {
        "key": "reminders-assessment-nudge",
        "args": {"cutoff": {"date": cutoff.isoformat()}},
    }
    assert nudge.payload["buttons"] == [[{"key": "assessment-menu", "data": "assess:start"}]]
    assert done not in {r.member_id for r in await service.ledger.find()}

    clock.set(cutoff)
    assert await service.plan_monthly() == 1  # staff (admins are not staff)
    [reminder] = await service.ledger.find(cause=CAUSE_MONTHLY)
    assert reminder.member_id == staff and reminder.occurrence == "1404-09"
    assert reminder.expires_at == cutoff + timedelta(hours=48)
    assert reminder.payload["text"]["args"]["month"] == {
        "by_locale": {"fa": "آذر ۱۴۰۴", "en": "Azar 1404"}
    }

    clock.set(cutoff + timedelta(hours=48))
    assert await service.plan_monthly() == 1
    [escalation] = await service.ledger.find(cause=CAUSE_ESCALATION)
    assert escalation.member_id == admin and escalation.occurrence == "1404-09"
    assert escalation.group_key == "monthly:1404-09"
    assert escalation.payload["buttons"] == [[{"key": "nomination-menu", "data": "nom:home"}]]

    sent.add((1404, 9))  # staff mark the list sent
    assert await service.plan_monthly() == 0
    assert (await service.ledger.find(cause=CAUSE_ESCALATION))[0].status == "cancelled"


async def test_no_staff_reminder_once_the_list_is_sent(db, clock, settings):
    service, _, _ = make_reminders(db, clock, settings, sent_months={(1404, 9)})
    await add_member(db, clock, 50, role="staff")
    clock.set(tehran(1404, 9, 25))
    assert await service.plan_monthly() == 0
    clock.set(tehran(1404, 9, 27, 10))
    assert await service.plan_monthly() == 0


@pytest.mark.parametrize(
    ("year", "last_day", "next_year_day"),
    [(1403, 30, (1404, 1, 1)), (1404, 29, (1405, 1, 1))],
)
async def test_esfand_cutoff_and_escalation_across_nowruz(
    db, clock, settings, year, last_day, next_year_day
):
    s = settings.model_copy(update={"nomination_cutoff_day": 30})
    service, _, _ = make_reminders(db, clock, s, sent_months={(year, 11)})  # Bahman's was sent
    clock.set(tehran(year, 11, 1))  # the office has used the bot since Bahman
    staff = await add_member(db, clock, 50, role="staff")
    admin = await add_member(db, clock, 9001, role="admin")
    clock.set(tehran(year, 12, last_day - 1))  # the day before the last day of Esfand
    assert await service.plan_monthly() == 0
    clock.set(tehran(year, 12, last_day))  # the last day (30 in a leap year, 29 otherwise)
    assert await service.plan_monthly() == 1
    clock.set(tehran(*next_year_day, 23))  # Farvardin of the next year, still before escalation
    assert await service.plan_monthly() == 0
    clock.set(tehran(year, 12, last_day) + timedelta(hours=48))  # 2 Farvardin
    assert await service.plan_monthly() == 1
    rows = {(r.cause, r.member_id, r.occurrence) for r in await service.ledger.find()}
    assert rows == {
        (CAUSE_MONTHLY, staff, f"{year}-12"),
        (CAUSE_ESCALATION, admin, f"{year}-12"),
    }


async def test_a_new_install_is_not_warned_of_months_before_its_first_use(db, clock, settings):
    """The bot is installed on 5 Azar 1404, after Aban's cut-off (25 Aban): nobody is told that
    Aban's list was never sent (there was no bot to send it); Azar's cycle runs as usual."""
    service, _, _ = make_reminders(db, clock, settings)
    clock.set(tehran(1404, 9, 5))
    staff = await add_member(db, clock, 50, role="staff")
    admin = await add_member(db, clock, 9001, role="admin")
    for day in (5, 6, 20):  # within Aban's escalation window and after it
        clock.set(tehran(1404, 9, day, 10))
        assert await service.plan_monthly() == 0
    assert await service.ledger.find() == []
    clock.set(tehran(1404, 9, 25))  # Azar's cut-off: the bot was in use before it
    assert await service.plan_monthly() == 1
    clock.set(tehran(1404, 9, 27))
    assert await service.plan_monthly() == 1
    rows = {(r.cause, r.member_id, r.occurrence) for r in await service.ledger.find()}
    assert rows == {(CAUSE_MONTHLY, staff, "1404-09"), (CAUSE_ESCALATION, admin, "1404-09")}


async def test_every_planned_text_renders_in_both_languages(db, clock, settings):
    """Each payload the reminders write renders in fa and en: no missing text, no raw arg."""
    from bot.background.delivery import render_buttons, render_text
    from bot.core.i18n import Translator
    from bot.services.reminders import TEXT_KEYS
    from tests.services.reminder_fakes import FakeCourse, weekly_sessions

    service, peers, _ = make_reminders(db, clock, settings)
    translator = Translator()
    member = await add_member(db, clock, 1)
    other = await add_member(db, clock, 2)
    await add_member(db, clock, 50, role="staff")
    await add_member(db, clock, 9001, role="admin")
    first = clock.now() + timedelta(hours=30)
    c = peers.courses.add_course(
        FakeCourse(id=7, sessions=weekly_sessions(first, 3), registration_deadline=first)
    )
    peers.courses.add_course(
        FakeCourse(id=8, sessions=weekly_sessions(first, 3), delivery_mode="online")
    )
    peers.courses.register(11, 7, member)
    peers.courses.register(12, 8, other)
    peers.courses.register(13, 7, other, status="waitlisted")
    await service.plan_courses()
    peers.courses.change(7, sessions=weekly_sessions(first + timedelta(hours=1), 3))
    await service.plan_courses()  # the schedule change notice
    await service.withdraw(member, 11)
    peers.assessment.unfinished = [member]
    cutoff = tehran(1404, 9, 25)
    for moment in (cutoff - timedelta(days=1), cutoff, cutoff + timedelta(hours=49)):
        clock.set(moment)
        await service.plan_monthly()
    rows = await service.ledger.find()
    used = {r.payload["text"]["key"] for r in rows}
    for row in rows:
        for locale in ("fa", "en"):
            text = render_text(row.payload["text"], locale, translator)
            assert text and "{" not in text and "reminders-" not in text, (row.cause, text)
            if locale == "fa":
                assert "\u0600" <= text[0] <= "\u06ff", text[:20]
            markup = render_buttons(row.payload.get("buttons"), locale, translator)
            labels = [b.text for line in (markup.inline_keyboard if markup else ()) for b in line]
            assert all(label and "-" not in label for label in labels), labels
    assert used <= set(TEXT_KEYS) and len(used) == 8  # all but reminders-staff-absent
    assert c.title_fa in render_text(rows[0].payload["text"], "fa", translator)
