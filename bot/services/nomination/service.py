"""NominationService: the one object the rest of the bot holds for the monthly cycle. It builds
the parts (reading, freezing, review, approval, TVTO's answers, the export) from its
collaborators and hands each call to the part that does it."""

from __future__ import annotations

from datetime import datetime, time

from bot.core.clock import Clock
from bot.core.config import Settings
from bot.questionnaire.model import Questionnaire
from bot.services.courses import NeedsSource
from bot.services.exports import NomineeRow
from bot.services.nomination.approval import Approval
from bot.services.nomination.cutoffs import Cycle
from bot.services.nomination.export import NomineeExport
from bot.services.nomination.freezing import Freezer
from bot.services.nomination.month_steps import MonthSteps
from bot.services.nomination.reading import MonthReader
from bot.services.nomination.results import (
    MonthView,
    MoveResult,
    Overview,
    PreviewLine,
    StepResult,
)
from bot.services.nomination.review import Review
from bot.services.nomination.seats import SeatKeeper
from bot.services.nomination.tvto import TvtoAnswers
from storage.courses import Course
from storage.engine import Database
from storage.nominations import AuditEntry, NominationEntry, NominationMonth
from storage.registrations import Registration


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
        self.cycle = Cycle(clock, settings)
        self._reader = MonthReader(db, self.cycle)
        self._freezer = Freezer(db, clock, settings, self.cycle)
        self._review = Review(db, clock)
        self._approval = Approval(MonthSteps(db, clock), self.cycle, registration)
        self._tvto = TvtoAnswers(db, clock, self.cycle, registration)
        self._export = NomineeExport(db, clock, questionnaire)

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

    # reading (reading.py)

    async def overview(self) -> Overview:
        return await self._reader.overview()

    async def month(self, month_id: int) -> NominationMonth | None:
        return await self._reader.month(month_id)

    async def view(self, month_id: int) -> MonthView | None:
        return await self._reader.view(month_id)

    async def entry(self, entry_id: int) -> NominationEntry | None:
        return await self._reader.entry(entry_id)

    async def audit_trail(
        self, subject: str | None = None, subject_id: int | None = None
    ) -> list[AuditEntry]:
        return await self._reader.audit_trail(subject, subject_id)

    async def sent_registrations(self, month_id: int) -> list[tuple[Registration, Course]]:
        return await self._reader.sent_registrations(month_id)

    async def names(self, member_ids: list[int]) -> dict[int, str]:
        return await self._reader.names(member_ids)

    # freezing (freezing.py)

    async def freeze_due(self) -> NominationMonth | None:
        return await self._freezer.freeze_due()

    async def freeze(
        self, year: int, month: int, *, actor_id: int | None
    ) -> NominationMonth | None:
        return await self._freezer.freeze(year, month, actor_id=actor_id)

    async def preview(self) -> list[PreviewLine]:
        return await self._freezer.preview()

    # staff review (review.py)

    async def cap_reached(self, entry_id: int) -> int:
        return await self._review.cap_reached(entry_id)

    async def move(
        self, entry_id: int, *, placed: bool, actor_id: int, reason: str, over_cap: bool = False
    ) -> MoveResult:
        return await self._review.move(
            entry_id, placed=placed, actor_id=actor_id, reason=reason, over_cap=over_cap
        )

    # approval and sending (approval.py)

    async def approve(
        self, month_id: int, *, actor_id: int, reason: str | None = None
    ) -> StepResult:
        return await self._approval.approve(month_id, actor_id=actor_id, reason=reason)

    async def mark_sent(self, month_id: int, *, actor_id: int) -> StepResult:
        return await self._approval.mark_sent(month_id, actor_id=actor_id)

    # TVTO's answer (tvto.py)

    async def confirm(
        self,
        month_id: int,
        *,
        actor_id: int,
        registration_ids: list[int] | None = None,
        reason: str | None = None,
    ) -> int:
        return await self._tvto.confirm(
            month_id, actor_id=actor_id, registration_ids=registration_ids, reason=reason
        )

    async def reject(
        self, month_id: int, registration_id: int, *, actor_id: int, reason: str
    ) -> StepResult:
        return await self._tvto.reject(month_id, registration_id, actor_id=actor_id, reason=reason)

    async def return_to_list(self, registration_id: int, *, actor_id: int, reason: str) -> bool:
        return await self._tvto.return_to_list(registration_id, actor_id=actor_id, reason=reason)

    # the export (export.py)

    async def export_rows(
        self,
        month_id: int,
        *,
        locale: str = "fa",
        exported_by: int | None = None,
        fmt: str | None = None,
    ) -> list[NomineeRow]:
        return await self._export.export_rows(
            month_id, locale=locale, exported_by=exported_by, fmt=fmt
        )
