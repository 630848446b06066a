"""The monthly nomination list for the staff web console: the month as a filtered, paged table
(storage/nomination_rows.py), and the staff actions, which are NominationService's own
(bot/services/nomination/: move with a reason, approve, mark sent, TVTO's confirmation or
rejection, export) after the actor's role is read again from the database. No rule lives here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.questionnaire.loader import places_of
from bot.services.exports import NomineeRow
from bot.services.nomination import (
    MonthView,
    MoveResult,
    NominationService,
    Overview,
    StepResult,
)
from bot.services.roles import require_staff
from storage.courses import Course, CoursesRepo
from storage.members import Member, MembersRepo
from storage.nomination_rows import Choices, ListRow, NominationRowsRepo
from storage.nomination_rows import ListFilter as ListFilter  # the web console takes it here
from storage.nominations import NominationMonth, NominationsRepo

PAGE_SIZES = (100, 500, 1000, 5000)
DEFAULT_PAGE_SIZE = 500


@dataclass(frozen=True)
class CountyChoice:
    province: str
    county: str
    label: str
    count: int

    @property
    def value(self) -> str:
        return f"{self.province}:{self.county}"


@dataclass(frozen=True)
class DeskPage:
    month: NominationMonth
    rows: list[ListRow]
    total: int  # rows matching the filter
    page: int
    per_page: int
    courses: dict[int, Course]
    choices: Choices
    counties: list[CountyChoice]
    county_names: dict[tuple[str | None, str | None], str] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    def name(self, row: ListRow) -> str:
        if row.full_name:
            return row.full_name
        parts = (row.first_name, row.last_name)
        return " ".join(x for x in parts if x) or f"#{row.member_id}"

    def county(self, row: ListRow) -> str:
        return self.county_names.get((row.province, row.county), "")


class NominationDesk:
    def __init__(self, nomination: NominationService) -> None:
        self.nomination = nomination
        self.db = nomination.db

    async def _staff(self, actor_id: int) -> Member:
        async with self.db.read() as conn:
            return require_staff(await MembersRepo(conn).get_by_id(actor_id))

    # --- reading ------------------------------------------------------------------------------

    async def overview(self) -> Overview:
        await self.nomination.freeze_due()  # as the chat's overview: a passed cut-off freezes
        return await self.nomination.overview()

    async def view(self, month_id: int) -> MonthView | None:
        return await self.nomination.view(month_id)

    async def page(
        self,
        month_id: int,
        where: ListFilter,
        *,
        page: int = 0,
        per_page: int = DEFAULT_PAGE_SIZE,
        locale: str = "fa",
    ) -> DeskPage | None:
        per_page = per_page if per_page in PAGE_SIZES else DEFAULT_PAGE_SIZE
        async with self.db.read() as conn:
            month = await NominationsRepo(conn).month_by_id(month_id)
            if month is None:
                return None
            repo = NominationRowsRepo(conn)
            total = await repo.count(month_id, where)
            page = min(max(page, 0), max(0, (total - 1) // per_page))
            rows = await repo.rows(month_id, where, limit=per_page, offset=page * per_page)
            choices = await repo.choices(month_id)
            courses = await CoursesRepo(conn).get_many(sorted(c.value[0] for c in choices.courses))
        places = places_of(self.nomination.questionnaire)
        names: dict[tuple[str | None, str | None], str] = {}
        counties = []
        for choice in choices.counties:
            province, county = choice.value
            label = places.county_name(province, county, locale)
            names[(province, county)] = label
            counties.append(CountyChoice(province, county, label, choice.count))
        counties.sort(key=lambda x: x.label)
        return DeskPage(
            month=month,
            rows=rows,
            total=total,
            page=page,
            per_page=per_page,
            courses=courses,
            choices=choices,
            counties=counties,
            county_names=names,
        )

    # --- acting (NominationService's rules; the actor is staff now) ---------------------------

    async def move(
        self, actor_id: int, entry_id: int, *, placed: bool, reason: str, over_cap: bool
    ) -> MoveResult:
        await self._staff(actor_id)
        return await self.nomination.move(
            entry_id, placed=placed, actor_id=actor_id, reason=reason, over_cap=over_cap
        )

    async def approve(self, actor_id: int, month_id: int) -> StepResult:
        await self._staff(actor_id)
        return await self.nomination.approve(month_id, actor_id=actor_id)

    async def mark_sent(self, actor_id: int, month_id: int) -> StepResult:
        await self._staff(actor_id)
        return await self.nomination.mark_sent(month_id, actor_id=actor_id)

    async def confirm(
        self, actor_id: int, month_id: int, registration_ids: list[int] | None
    ) -> int:
        await self._staff(actor_id)
        return await self.nomination.confirm(
            month_id, actor_id=actor_id, registration_ids=registration_ids
        )

    async def reject(
        self, actor_id: int, month_id: int, registration_id: int, reason: str
    ) -> StepResult:
        await self._staff(actor_id)
        return await self.nomination.reject(
            month_id, registration_id, actor_id=actor_id, reason=reason
        )

    async def export_rows(self, actor_id: int, month_id: int, fmt: str) -> list[NomineeRow]:
        await self._staff(actor_id)
        return await self.nomination.export_rows(
            month_id, locale="fa", exported_by=actor_id, fmt=fmt
        )
