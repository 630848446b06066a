"""Courses managed by staff in the chat: add (a guided dialog), edit any field, change capacity,
close or reopen registration, cancel; lists of the people of a course and their export.

One representation of a course's fields serves the dialog, edits, the XLSX import and export:
the raw form of the catalogue file (bot/services/catalogue.py `FIELDS`: Jalali dates as
`1404/09/15`, sessions as `[{"day": "Saturday", "start": "09:00", "end": "12:00"}]` or
`شنبه 09:00-12:00; …`, the deadline as a date or `date HH:MM`). Every value is checked by the
catalogue's own `CourseIn` model (one set of rules), plus the limits of the database columns.

Changes go through the courses feature's rules: more seats → the waitlist gets offers through
`RegistrationService.fill_free_seats`; cancelling → `RegistrationService.cancel_course` (everyone
told through the ledger, seats and pending notices released); a changed schedule or place → the
reminder planner re-plans the course. Every change writes an audit entry in its transaction.

The modules:
- fields.py: the fields, their order, limits and choices; `Problem`, `CourseInvalid`;
- raw_values.py: a course in raw catalogue form (and as the audit keeps it);
- checks.py: one raw value checked, a whole course built (`check_field`, `build`);
- outcomes.py: what the actions return, the lists of a course's people;
- auditing.py: audit entries of course changes;
- staff.py: what the staff's course services share (`CourseStaffService`, the protocols);
- changes.py: add, edit, capacity, close, reopen, cancel;
- lists.py, people_export.py: the courses, a course's lists and their XLSX;
- service.py: `CourseAdminService`, the parts together.
"""

from bot.services.course_admin.auditing import audit_change, audit_course, changed_fields
from bot.services.course_admin.changes import CourseChanges
from bot.services.course_admin.checks import build, check_field, clean, problems_of
from bot.services.course_admin.fields import (
    CHOICES,
    INT_LIMITS,
    OPTIONAL,
    PERSIAN_TEXT,
    PHONE_DIGITS,
    SCHEDULE_FIELDS,
    STEPS,
    TEXT_LIMITS,
    WORD_FIELDS,
    CourseInvalid,
    Problem,
)
from bot.services.course_admin.lists import CourseLists, person_name
from bot.services.course_admin.outcomes import (
    LISTS,
    AttendanceLine,
    CapacityResult,
    EditOutcome,
    EditResult,
    Listing,
    Overview,
    Person,
    StatusOutcome,
    StatusResult,
)
from bot.services.course_admin.people_export import PeopleExport
from bot.services.course_admin.raw_values import (
    audit_view,
    deadline_text,
    jalali_text,
    new_ref,
    raw_of,
    session_items,
    sessions_text,
)
from bot.services.course_admin.service import CourseAdminService
from bot.services.course_admin.staff import (
    CourseStaffService,
    Planner,
    Registrations,
    lock_course,
    sync_status,
)

__all__ = [
    "CHOICES",
    "INT_LIMITS",
    "LISTS",
    "OPTIONAL",
    "PERSIAN_TEXT",
    "PHONE_DIGITS",
    "SCHEDULE_FIELDS",
    "STEPS",
    "TEXT_LIMITS",
    "WORD_FIELDS",
    "AttendanceLine",
    "CapacityResult",
    "CourseAdminService",
    "CourseChanges",
    "CourseInvalid",
    "CourseLists",
    "CourseStaffService",
    "EditOutcome",
    "EditResult",
    "Listing",
    "Overview",
    "PeopleExport",
    "Person",
    "Planner",
    "Problem",
    "Registrations",
    "StatusOutcome",
    "StatusResult",
    "audit_change",
    "audit_course",
    "audit_view",
    "build",
    "changed_fields",
    "check_field",
    "clean",
    "deadline_text",
    "jalali_text",
    "lock_course",
    "new_ref",
    "person_name",
    "problems_of",
    "raw_of",
    "session_items",
    "sessions_text",
    "sync_status",
]
