"""Everything a handler needs, built once in bot/app.py and kept in application.bot_data."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.clock import Clock
from bot.config import Settings
from bot.i18n import Translator
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
from storage.engine import Database


@dataclass
class Services:
    settings: Settings
    db: Database
    clock: Clock
    translator: Translator
    members: MemberService = field(init=False)
    chat_state: ChatStateService = field(init=False)
    assessment: AssessmentService = field(init=False)
    ledger: LedgerService = field(init=False)
    reminders: ReminderService = field(init=False)
    courses: CourseService = field(init=False)
    registration: RegistrationService = field(init=False)
    nomination: NominationService = field(init=False)
    admin: AdminTools = field(init=False)
    broadcast: BroadcastService = field(init=False)

    def __post_init__(self) -> None:
        self.assessment = AssessmentService.from_settings(self.db, self.clock, self.settings)
        self.members = MemberService(
            self.db, self.clock, self.settings, on_first_visit=self.assessment.first_visit
        )
        self.chat_state = ChatStateService(self.db, self.clock)
        self.ledger = LedgerService(self.db, self.clock, self.settings)
        self.broadcast = BroadcastService(self.db, self.clock, self.settings, self.ledger)
        self.reminders = ReminderService(self.db, self.clock, self.settings, self.ledger, self)
        self.courses = CourseService(self.db, self.clock, self.assessment)
        self.registration = RegistrationService(self.db, self.clock, self.settings, self.assessment)
        self.nomination = NominationService(
            self.db, self.clock, self.settings, self.registration, self.assessment
        )
        self.admin = AdminTools.build(self)  # staff and admin tools (after what they use)
