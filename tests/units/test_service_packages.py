"""The large services are packages of small modules; their public names stay importable from the
package (other code imports `from bot.services.reminders import X`)."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

import bot.services

PACKAGES = ("reminders", "nomination", "course_admin")
MAX_LINES = 300


@pytest.mark.parametrize("name", PACKAGES)
def test_every_name_the_package_exports_is_there(name):
    package = importlib.import_module(f"bot.services.{name}")
    missing = [n for n in package.__all__ if not hasattr(package, n)]
    assert missing == []


@pytest.mark.parametrize("name", PACKAGES)
def test_no_module_of_the_package_is_large(name):
    folder = Path(bot.services.__file__).parent / name
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in folder.glob("*.py")}
    assert len(sizes) > 3
    assert {n: s for n, s in sizes.items() if s > MAX_LINES} == {}


def test_the_names_other_features_import_are_kept():
    from bot.services.course_admin import (  # noqa: F401
        CHOICES,
        OPTIONAL,
        SCHEDULE_FIELDS,
        STEPS,
        CourseAdminService,
        CourseInvalid,
        CourseStaffService,
        Planner,
        Registrations,
        audit_change,
        audit_view,
        build,
        changed_fields,
        check_field,
        new_ref,
        raw_of,
        sessions_text,
    )
    from bot.services.nomination import (  # noqa: F401
        CourseAllocation,
        ListEntry,
        MonthView,
        MoveResult,
        NominationEntry,
        NominationService,
        Overview,
        PreviewLine,
        StepResult,
        cutoff_at,
        last_closed_month,
        list_month_for,
        split_name,
    )
    from bot.services.reminders import (  # noqa: F401
        CAUSE_SESSION,
        CAUSE_WITHDRAWAL,
        TEXT_KEYS,
        AttendanceAnswer,
        ReminderService,
        cancel_month_deadlines,
        monthly_group,
        monthly_moments,
        parse_stamp,
        session_notices,
        stamp,
    )
