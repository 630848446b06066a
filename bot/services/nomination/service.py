"""NominationService: the one object the rest of the bot holds for the monthly cycle. It builds
the parts (reading, freezing, review, approval, TVTO's answers, the export) from its
collaborators; its methods are theirs, bound in the constructor, so each line there says which
part answers which call (the documentation is on the parts)."""

from __future__ import annotations

from datetime import datetime, time

from bot.core.clock import Clock
from bot.core.config import Settings
from bot.questionnaire.model import Questionnaire
from bot.services.courses import NeedsSource
from bot.services.nomination.approval import Approval
from bot.services.nomination.cutoffs import Cycle
from bot.services.nomination.export import NomineeExport
from bot.services.nomination.freezing import Freezer
from bot.services.nomination.month_steps import MonthSteps
from bot.services.nomination.reading import MonthReader
from bot.services.nomination.review import Review
from bot.services.nomination.seats import SeatKeeper
from bot.services.nomination.tvto import TvtoAnswers
from storage.engine import Database


class NominationService:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        settings: Settings,
        registration: SeatKeeper,
        needs: NeedsSource | None = None,
        questionnaire: Questionnaire | None = None,
    ) -> None:
        """`questionnaire`: its places and option texts name the nominees' provinces, counties,
        cooperative kinds and roles in the exports (the bundled places and raw ids without)."""
        self.db = db
        self.clock = clock
        self.settings = settings
        self.registration = registration
        self.needs = needs
        self.questionnaire = questionnaire
        self.cycle = cycle = Cycle(clock, settings)
        reader = MonthReader(db, cycle)
        self.overview = reader.overview
        self.month = reader.month
        self.view = reader.view
        self.entry = reader.entry
        self.audit_trail = reader.audit_trail
        self.sent_registrations = reader.sent_registrations
        self.names = reader.names
        freezer = Freezer(db, clock, settings, cycle)
        self.freeze_due = freezer.freeze_due
        self.freeze = freezer.freeze
        self.preview = freezer.preview
        review = Review(db, clock)
        self.cap_reached = review.cap_reached
        self.move = review.move
        approval = Approval(MonthSteps(db, clock), cycle, registration)
        self.approve = approval.approve
        self.mark_sent = approval.mark_sent
        tvto = TvtoAnswers(db, clock, cycle, registration)
        self.confirm = tvto.confirm
        self.reject = tvto.reject
        self.return_to_list = tvto.return_to_list
        self.export_rows = NomineeExport(db, clock, questionnaire).export_rows

    # the calendar (cutoffs.py)

    @property
    def day(self) -> int:
        return self.cycle.day

    @property
    def at(self) -> time | None:
        return self.cycle.at

    def cutoff_at(self, year: int, month: int) -> datetime:
        return self.cycle.cutoff_at(year, month)

    def collecting_month(self) -> tuple[int, int]:
        return self.cycle.collecting_month()
