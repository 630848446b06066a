"""Reminders, planned into the delivery ledger.

- Sessions: before each session of a confirmed registration (leads `reminder_session_leads_hours`,
  default 24 h and 2 h), with «شرکت می‌کنم» / «نمی‌توانم بیایم» buttons (`rem:att:<reg>:<yes|no>:
  <session>`). "Can't come" to the first session, once confirmed, cancels the registration
  through the registration service (the seat goes to the waitlist) and staff are told.
- Course start: `reminder_course_start_hours` before the first session (date, place, what to
  bring). Registration deadlines: before the deadline of a course a person is waitlisted for.
- Schedule changes: the planner keeps a fingerprint of each course's sessions and place; when it
  changes, future reminders are re-planned and the people affected are told once.
- Monthly, on the Jalali calendar: members with an unfinished needs assessment are nudged
  `assessment_nudge_days` before the cut-off (`nomination_cutoff_day` at `nomination_cutoff_time`,
  Tehran); staff are reminded at the cut-off to send the month's list to TVTO; admins are told
  `nomination_escalation_hours` later if it is still not marked sent.

Planners are idempotent (the ledger's unique key) and diff what should exist against what does,
so they can run every few minutes, after a restart, or in several processes. Reminders are
written only up to `reminder_plan_horizon_hours` ahead, which keeps the ledger small.
A reminder whose time passed while it was planned late is still sent if it is useful (before the
session) — only the nearest lead of a session is sent then, never several at once.

The courses, registration and assessment services are other features' code; the reminders read
them through the small protocols of sources.py, given to ReminderService's constructor.

The modules:
- keys.py: causes, kinds, ledger groups, the session stamp;
- texts.py: the locale keys and the parts of payloads (titles, places, months, buttons);
- sources.py: what is read from other features and the ledger written through (protocols);
- course_plans.py: pure planning of a course's reminders (sessions, start, deadline, changes);
- plan_diff.py, course_planner.py: the course planner against the ledger;
- monthly_cycle.py: a Jalali month's moments, the month's deadline reminders cancelled;
- monthly_planner.py: nudges, the staff reminder and the escalation;
- preferences.py, recipients.py: who turned what off, who the office is;
- attendance.py: the attendance buttons and withdrawing;
- service.py: ReminderService, the one object the bot holds.
"""

from bot.services.reminders.attendance import (
    AttendanceAnswer,
    AttendanceStatus,
    WithdrawResult,
    WithdrawStatus,
)
from bot.services.reminders.course_planner import PlanReport
from bot.services.reminders.course_plans import (
    Planned,
    course_start_plans,
    deadline_plans,
    schedule_fingerprint,
    schedule_notices,
    session_notices,
    session_plans,
)
from bot.services.reminders.keys import (
    CAUSE_ASSESSMENT,
    CAUSE_COURSE_START,
    CAUSE_DEADLINE,
    CAUSE_ESCALATION,
    CAUSE_MONTHLY,
    CAUSE_SCHEDULE,
    CAUSE_SESSION,
    CAUSE_WITHDRAWAL,
    KINDS,
    MONTH_DEADLINE_CAUSES,
    PLANNED_COURSE_CAUSES,
    STAFF_ONLY_KINDS,
    STAMP,
    course_group,
    monthly_group,
    parse_stamp,
    period,
    stamp,
)
from bot.services.reminders.monthly_cycle import (
    MonthlyMoments,
    cancel_month_deadlines,
    in_use_before,
    monthly_moments,
)
from bot.services.reminders.service import ReminderService
from bot.services.reminders.sources import (
    CourseLike,
    CourseSource,
    Ledger,
    RegistrationLike,
    RegistrationSource,
    SentLists,
    UnfinishedSource,
)
from bot.services.reminders.texts import (
    ASSESSMENT_BUTTON,
    NOMINATIONS_BUTTON,
    TEXT_KEYS,
    attendance_buttons,
    month_arg,
    place_arg,
    title_arg,
)

__all__ = [
    "ASSESSMENT_BUTTON",
    "CAUSE_ASSESSMENT",
    "CAUSE_COURSE_START",
    "CAUSE_DEADLINE",
    "CAUSE_ESCALATION",
    "CAUSE_MONTHLY",
    "CAUSE_SCHEDULE",
    "CAUSE_SESSION",
    "CAUSE_WITHDRAWAL",
    "KINDS",
    "MONTH_DEADLINE_CAUSES",
    "NOMINATIONS_BUTTON",
    "PLANNED_COURSE_CAUSES",
    "STAFF_ONLY_KINDS",
    "STAMP",
    "TEXT_KEYS",
    "AttendanceAnswer",
    "AttendanceStatus",
    "CourseLike",
    "CourseSource",
    "Ledger",
    "MonthlyMoments",
    "PlanReport",
    "Planned",
    "RegistrationLike",
    "RegistrationSource",
    "ReminderService",
    "SentLists",
    "UnfinishedSource",
    "WithdrawResult",
    "WithdrawStatus",
    "attendance_buttons",
    "cancel_month_deadlines",
    "course_group",
    "course_start_plans",
    "deadline_plans",
    "in_use_before",
    "month_arg",
    "monthly_group",
    "monthly_moments",
    "parse_stamp",
    "period",
    "place_arg",
    "schedule_fingerprint",
    "schedule_notices",
    "session_notices",
    "session_plans",
    "stamp",
    "title_arg",
]
