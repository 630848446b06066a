"""Pure planning of a course's reminders: before each session, before the first session, before
the registration deadline, and the notice of a changed schedule. No I/O: the planner
(course_planner.py) feeds them what it read."""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from bot.core.config import lead_minutes
from bot.services.ledger import Notice, PayloadTemplate, at, message, until
from bot.services.reminders.keys import (
    CAUSE_COURSE_START,
    CAUSE_DEADLINE,
    CAUSE_SCHEDULE,
    CAUSE_SESSION,
    course_group,
    stamp,
)
from bot.services.reminders.sources import CourseLike, RegistrationLike
from bot.services.reminders.texts import attendance_buttons, place_arg, title_arg
from storage.ledger import PlannedRow


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


def schedule_notices(
    course: CourseLike,
    sessions: Sequence[tuple[datetime, datetime]],
    regs: Iterable[RegistrationLike],
    fingerprint: str,
    now: datetime,
) -> list[Notice]:
    """The course's schedule or place changed (its fingerprint differs): tell its people once,
    with the next session; nothing when no session is ahead."""
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
