"""CourseAdminService: the courses staff manage in the chat and the web console, made of its
parts: the changes (changes.py), the lists (lists.py) and their export (people_export.py), all
on the shared CourseStaffService (staff.py)."""

from __future__ import annotations

from bot.services.course_admin.changes import CourseChanges
from bot.services.course_admin.people_export import PeopleExport


class CourseAdminService(CourseChanges, PeopleExport):
    """Add, edit, change capacity, close, reopen and cancel courses; read their lists and export
    them. Built with CourseStaffService's collaborators (bot/services/admin.py)."""
