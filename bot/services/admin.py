"""The staff and admin tools as one group on `Services.admin` (one field in the container):
roles and invitations, the audit log, statistics, members' privacy, courses in the chat and
courses in bulk (XLSX)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.questionnaire.loader import places_of
from bot.services.audit import AuditService
from bot.services.course_admin import CourseAdminService
from bot.services.course_import import CourseImportService
from bot.services.privacy import PrivacyService
from bot.services.roles import RoleService
from bot.services.stats import StatsService


@dataclass
class AdminTools:
    roles: RoleService
    audit: AuditService
    stats: StatsService
    privacy: PrivacyService
    courses: CourseAdminService
    imports: CourseImportService

    @classmethod
    def build(cls, services: Any) -> AdminTools:
        """From the container (bot/services/container.py), after the features it uses."""
        db, clock, settings = services.db, services.clock, services.settings
        questionnaire = getattr(services.assessment, "questionnaire", None)
        registration = services.registration
        reminders = getattr(services, "reminders", None)
        return cls(
            roles=RoleService(db, clock, settings),
            audit=AuditService(db, clock, places_of(questionnaire)),
            stats=StatsService(db, clock, questionnaire),
            privacy=PrivacyService(db, clock, questionnaire, registration),
            courses=CourseAdminService(db, clock, settings, registration, reminders),
            imports=CourseImportService(db, clock, settings, registration, reminders),
        )
