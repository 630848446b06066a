"""Everything a handler needs, built once in bot/app.py and kept in application.bot_data.

`build_services` makes each service with the collaborators it declares in its constructor, in
dependency order (what is used before what uses it); no service receives the container. Tests pass
fakes for any collaborator by name (`build_services(..., needs=FakeNeeds())`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.core.clock import Clock
from bot.core.config import Settings
from bot.core.i18n import Translator
from bot.services.admin import AdminTools
from bot.services.assessment import AssessmentService
from bot.services.broadcast import BroadcastService
from bot.services.chat_state import ChatStateService
from bot.services.courses import CourseService
from bot.services.ledger import LedgerService
from bot.services.members import MemberService
from bot.services.nomination import NominationService
from bot.services.registration import RegistrationService
from bot.services.reminders import ReminderService
from bot.services.web_access import WebAccessService
from storage.engine import Database


@dataclass
class Services:
    settings: Settings
    db: Database
    clock: Clock
    translator: Translator
    members: MemberService
    chat_state: ChatStateService
    assessment: AssessmentService
    ledger: LedgerService
    reminders: ReminderService
    courses: CourseService
    registration: RegistrationService
    nomination: NominationService
    admin: AdminTools
    broadcast: BroadcastService
    web_access: WebAccessService


# what may be given instead of being built: the services above, and `needs`, what the course
# features read of the assessment (latest submission, roadmap, profile; the assessment itself)
COLLABORATORS = frozenset(
    {
        "assessment",
        "needs",
        "members",
        "chat_state",
        "ledger",
        "broadcast",
        "courses",
        "registration",
        "nomination",
        "reminders",
        "admin",
    }
)


def build_services(
    settings: Settings, db: Database, clock: Clock, translator: Translator, **overrides: Any
) -> Services:
    """The services in dependency order; `overrides` stand in for any collaborator by name
    (those built after it are then built over the stand-in). There is no cycle: the assessment
    and the ledger use no other service; the courses, registration and nomination use the
    assessment (as `needs`) and the registration; the reminders use the courses, registration
    and assessment; the staff tools use the registration and the reminders."""
    unknown = set(overrides) - COLLABORATORS
    if unknown:
        raise TypeError(f"build_services: no collaborator named {', '.join(sorted(unknown))}")
    given = overrides.get

    assessment = given("assessment") or AssessmentService.from_settings(db, clock, settings)
    needs = given("needs") or assessment
    members = given("members") or MemberService(
        db, clock, settings, on_first_visit=assessment.first_visit
    )
    chat_state = given("chat_state") or ChatStateService(db, clock)
    ledger = given("ledger") or LedgerService(db, clock, settings)
    broadcast = given("broadcast") or BroadcastService(db, clock, settings, ledger)
    questionnaire = assessment.questionnaire
    courses = given("courses") or CourseService(db, clock, needs, questionnaire)
    registration = given("registration") or RegistrationService(db, clock, settings, needs)
    nomination = given("nomination") or NominationService(
        db, clock, settings, registration, needs, questionnaire
    )
    reminders = given("reminders") or ReminderService(
        db,
        clock,
        settings,
        ledger,
        courses=courses,
        registrations=registration,
        assessment=assessment,
    )
    admin = given("admin") or AdminTools.build(
        db,
        clock,
        settings,
        questionnaire=questionnaire,
        registration=registration,
        reminders=reminders,
    )
    return Services(
        settings=settings,
        db=db,
        clock=clock,
        translator=translator,
        members=members,
        chat_state=chat_state,
        assessment=assessment,
        ledger=ledger,
        reminders=reminders,
        courses=courses,
        registration=registration,
        nomination=nomination,
        admin=admin,
        broadcast=broadcast,
        web_access=WebAccessService(db, clock, settings),
    )
