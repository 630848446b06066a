"""Who a broadcast reaches: combinable filters over members, assessments and courses.

Filters of different kinds narrow each other (AND); choices within one kind widen (OR): "housing
or consumer cooperatives, in Tehran province, who need accounting" is
`Audience(coop_kinds=["housing", "consumer"], province="tehran", topics=["accounting"])`.
Members who blocked the bot, and people the bot never talked to (no chat), are never included.

Everything is one SQLAlchemy Core query (`member_ids_query`), the same on SQLite and PostgreSQL:
- cooperative kind, province, county: the cooperative of the member's profile (their latest
  submitted assessment);
- need topic: the topics of the member's latest submitted assessment;
- unfinished assessment: a draft is open;
- a course's registrants (seat holders), waitlist or nominees: registrations in those statuses;
- registered in a range: when the member first wrote to the bot (`first_seen`, UTC instants).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict
from sqlalchemy import ColumnElement, Select, String, cast, func, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.registrations import SEAT_HOLDING
from storage.schema.assessment import assessments, cooperatives, member_profiles
from storage.schema.courses import registrations
from storage.schema.members import members

CourseGroup = Literal["registrants", "waitlist", "nominees"]
COURSE_GROUPS: tuple[CourseGroup, ...] = ("registrants", "waitlist", "nominees")
# Registration statuses of each group of a course.
GROUP_STATUSES: dict[str, tuple[str, ...]] = {
    "registrants": SEAT_HOLDING,
    "waitlist": ("waitlisted",),
    "nominees": ("nominated", "sent", "confirmed"),
}


class Audience(BaseModel):
    """A broadcast's audience filter (stored as JSON with the broadcast). Empty = everyone."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    platform: str | None = None
    coop_kinds: tuple[str, ...] = ()
    province: str | None = None
    county: str | None = None
    course_id: int | None = None
    course_groups: tuple[CourseGroup, ...] = ()
    topics: tuple[str, ...] = ()
    unfinished_assessment: bool = False
    registered_since: datetime | None = None  # inclusive, UTC
    registered_before: datetime | None = None  # exclusive, UTC

    def is_everyone(self) -> bool:
        return self == Audience()

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_defaults=True)


def _course_statuses(groups: Sequence[str]) -> list[str]:
    statuses: list[str] = []
    for group in groups or ("registrants",):
        for status in GROUP_STATUSES[group]:
            if status not in statuses:
                statuses.append(status)
    return statuses


def _latest_submitted() -> Select[Any]:
    return (
        select(func.max(assessments.c.id))
        .where(assessments.c.status == "submitted")
        .group_by(assessments.c.member_id)
    )


def conditions(
    audience: Audience, only_platform: str | None = None
) -> list[ColumnElement[bool]]:
    """WHERE conditions on `members` for an audience. `only_platform`: the broadcast can reach
    members of that messenger only (a photo, document or video is copied within one messenger)."""
    a = audience
    where: list[ColumnElement[bool]] = [
        members.c.is_blocked.is_(False),
        members.c.chat_id.is_not(None),
    ]
    for platform in {a.platform, only_platform} - {None}:
        where.append(members.c.platform == platform)
    if a.coop_kinds or a.province or a.county:
        coop: list[ColumnElement[bool]] = []
        if a.coop_kinds:
            coop.append(cooperatives.c.kind.in_(list(a.coop_kinds)))
        if a.province:
            coop.append(cooperatives.c.province == a.province)
        if a.county:
            coop.append(cooperatives.c.county == a.county)
        where.append(
            members.c.id.in_(
                select(member_profiles.c.member_id)
                .join(cooperatives, cooperatives.c.id == member_profiles.c.cooperative_id)
                .where(*coop)
            )
        )
    if a.topics:
        # topics is a JSON list of topic ids: match the quoted id in its text (both engines)
        text = cast(assessments.c.topics, String)
        wanted = or_(*(text.contains(f'"{t}"', autoescape=True) for t in a.topics))
        where.append(
            members.c.id.in_(
                select(assessments.c.member_id).where(
                    assessments.c.id.in_(_latest_submitted()), wanted
                )
            )
        )
    if a.unfinished_assessment:
        where.append(
            members.c.id.in_(select(assessments.c.member_id).where(assessments.c.status == "draft"))
        )
    if a.course_id is not None:
        where.append(
            members.c.id.in_(
                select(registrations.c.member_id).where(
                    registrations.c.course_id == a.course_id,
                    registrations.c.status.in_(_course_statuses(a.course_groups)),
                )
            )
        )
    if a.registered_since is not None:
        where.append(members.c.first_seen >= a.registered_since)
    if a.registered_before is not None:
        where.append(members.c.first_seen < a.registered_before)
    return where


def member_ids_query(audience: Audience, only_platform: str | None = None) -> Select[Any]:
    return select(members.c.id).where(*conditions(audience, only_platform))


class Recipient(BaseModel):
    model_config = ConfigDict(frozen=True)

    member_id: int
    platform: str


class AudienceRepo:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def count(self, audience: Audience, only_platform: str | None = None) -> int:
        stmt = select(func.count()).select_from(members)
        stmt = stmt.where(*conditions(audience, only_platform))
        return (await self.conn.execute(stmt)).scalar_one()

    async def count_by_platform(self, audience: Audience) -> dict[str, int]:
        """How many members of each messenger the audience has (to explain what reaches whom)."""
        stmt = (
            select(members.c.platform, func.count())
            .where(*conditions(audience))
            .group_by(members.c.platform)
        )
        return {platform: n for platform, n in (await self.conn.execute(stmt)).all()}

    async def page(
        self, audience: Audience, *, after_id: int, limit: int, only_platform: str | None = None
    ) -> list[Recipient]:
        """The next recipients in member id order (for resumable batches)."""
        stmt = (
            select(members.c.id.label("member_id"), members.c.platform)
            .where(*conditions(audience, only_platform), members.c.id > after_id)
            .order_by(members.c.id)
            .limit(limit)
        )
        return [Recipient.model_validate(dict(r._mapping)) for r in await self.conn.execute(stmt)]

    async def provinces(self) -> list[tuple[str, int]]:
        """Provinces of members' cooperatives, with how many members each has (most first)."""
        return await self._places(cooperatives.c.province)

    async def counties(self, province: str) -> list[tuple[str, int]]:
        return await self._places(cooperatives.c.county, cooperatives.c.province == province)

    async def _places(
        self, column: ColumnElement[str], *where: ColumnElement[bool]
    ) -> list[tuple[str, int]]:
        stmt = (
            select(column, func.count())
            .select_from(member_profiles)
            .join(cooperatives, cooperatives.c.id == member_profiles.c.cooperative_id)
            .where(column.is_not(None), *where)
            .group_by(column)
            .order_by(func.count().desc(), column)
        )
        return [(place, n) for place, n in (await self.conn.execute(stmt)).all()]
