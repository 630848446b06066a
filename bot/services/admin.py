"""The staff and admin tools as one group on `Services.admin` (one field in the container):
roles and invitations, the audit log, statistics, members' privacy, courses in the chat and
courses in bulk (XLSX)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.core.clock import Clock
from bot.core.config import Settings
from bot.questionnaire.loader import places_of
from bot.questionnaire.model import Questionnaire
from bot.services.audit import AuditService
from bot.services.course_admin import CourseAdminService, Planner, Registrations
from bot.services.course_import import CourseImportService
from bot.services.privacy import Canceller, PrivacyService
from bot.services.roles import RoleService
from bot.services.stats import StatsService
from storage.engine import Database


class AdminRegistrations(Registrations, Canceller, Protocol):
    """What the tools use of RegistrationService: seats and cancellations."""


@dataclass
class AdminTools:
    roles: RoleService
    audit: AuditService
    stats: StatsService
    privacy: PrivacyService
    courses: CourseAdminService
    imports: CourseImportService

    @classmethod
    def build(
        cls,
        db: Database,
        clock: Clock,
        settings: Settings,
        *,
        questionnaire: Questionnaire | None,
        registration: AdminRegistrations,
        reminders: Planner | None,
    ) -> AdminTools:
        """The tools over what they use: the questionnaire (places, questions), the
        registrations (seats, cancellations) and the reminders (re-planned on a change)."""
        return cls(
            roles=RoleService(db, clock, settings),
            audit=AuditService(db, clock, places_of(questionnaire)),
            stats=StatsService(db, clock, questionnaire),
            privacy=PrivacyService(db, clock, questionnaire, registration),
            courses=CourseAdminService(db, clock, settings, registration, reminders),
            imports=CourseImportService(db, clock, settings, registration, reminders),
        )
