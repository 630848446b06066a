"""Assessments (one draft per person, submitted ones kept as history), their answers, and member
profiles. Callers own the transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Row, delete, select, text, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.cooperatives import Cooperative
from storage.dialect import insert
from storage.schema.assessment import (
    assessment_answers,
    assessments,
    cooperatives,
    member_profiles,
)

DRAFT = "draft"
SUBMITTED = "submitted"


class Draft(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    member_id: int
    version: str
    started_at: datetime
    updated_at: datetime
    answers: dict[str, Any] = Field(default_factory=dict)


class SubmittedAssessment(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    member_id: int
    cooperative_id: int | None
    version: str
    need_score: float
    consent: bool
    topics: list[str]
    delivery_mode: str | None
    submitted_at: datetime
    needs: dict[str, Any] = Field(default_factory=dict)  # facts scoring uses
    score_detail: dict[str, Any] = Field(default_factory=dict)  # parts of the need score


class MemberProfile(BaseModel):
    """Who a person is, from their latest submitted assessment. Show national_id and mobile
    masked (bot.persian.ids.mask_*) anywhere but the person's own review."""

    model_config = ConfigDict(frozen=True)

    member_id: int
    full_name: str | None
    national_id: str | None
    mobile: str | None
    role: str | None
    gender: str | None
    education: str | None
    cooperative: Cooperative | None
    assessment_id: int | None
    updated_at: datetime


def _submitted(row: Row[Any]) -> SubmittedAssessment:
    data = dict(row._mapping)
    data["need_score"] = data["need_score"] or 0.0
    data["consent"] = bool(data["consent"])
    data["topics"] = data["topics"] or []
    data["needs"] = data["needs"] or {}
    data["score_detail"] = data["score_detail"] or {}
    return SubmittedAssessment.model_validate(data)


_DRAFT_WHERE = text("status = 'draft'")


class AssessmentsRepo:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    # --- drafts -------------------------------------------------------------------------------

    async def draft(self, member_id: int) -> Draft | None:
        row = (
            await self.conn.execute(
                select(assessments).where(
                    assessments.c.member_id == member_id, assessments.c.status == DRAFT
                )
            )
        ).one_or_none()
        if row is None:
            return None
        data = dict(row._mapping)
        return Draft(
            id=data["id"],
            member_id=member_id,
            version=data["version"],
            started_at=data["started_at"],
            updated_at=data["updated_at"],
            answers=await self.answers(data["id"]),
        )

    async def create_draft(
        self, member_id: int, version: str, now: datetime, answers: dict[str, Any] | None = None
    ) -> Draft:
        """The member's draft (an existing one wins a race: one draft per member)."""
        stmt = (
            insert(self.conn, assessments)
            .values(
                member_id=member_id,
                version=version,
                status=DRAFT,
                started_at=now,
                updated_at=now,
            )
            .on_conflict_do_nothing(index_elements=["member_id"], index_where=_DRAFT_WHERE)
            .returning(assessments.c.id)
        )
        new_id = (await self.conn.execute(stmt)).scalar_one_or_none()
        if new_id is not None:
            for key, value in (answers or {}).items():
                await self.set_answer(new_id, key, value, now)
        draft = await self.draft(member_id)
        assert draft is not None
        return draft

    async def answers(self, assessment_id: int) -> dict[str, Any]:
        rows = (
            await self.conn.execute(
                select(assessment_answers.c.key, assessment_answers.c.value).where(
                    assessment_answers.c.assessment_id == assessment_id
                )
            )
        ).all()
        return {key: value for key, value in rows}

    async def set_answer(self, assessment_id: int, key: str, value: Any, now: datetime) -> None:
        stmt = insert(self.conn, assessment_answers).values(
            assessment_id=assessment_id, key=key, value=value, answered_at=now
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=[assessment_answers.c.assessment_id, assessment_answers.c.key],
            set_={"value": value, "answered_at": now},
        )
        await self.conn.execute(stmt)
        await self.touch(assessment_id, now)

    async def delete_answers(self, assessment_id: int, keys: list[str]) -> None:
        if not keys:
            return
        await self.conn.execute(
            delete(assessment_answers).where(
                assessment_answers.c.assessment_id == assessment_id,
                assessment_answers.c.key.in_(keys),
            )
        )

    async def touch(self, assessment_id: int, now: datetime, **values: Any) -> None:
        await self.conn.execute(
            update(assessments)
            .where(assessments.c.id == assessment_id)
            .values(updated_at=now, **values)
        )

    async def members_with_draft(self, *, never_submitted: bool = False) -> list[int]:
        """Members with an open draft (only those who never submitted one, if asked)."""
        stmt = select(assessments.c.member_id).where(assessments.c.status == DRAFT)
        if never_submitted:
            earlier = assessments.alias("earlier")
            stmt = stmt.where(
                ~select(earlier.c.id)
                .where(
                    earlier.c.member_id == assessments.c.member_id,
                    earlier.c.status == SUBMITTED,
                )
                .exists()
            )
        rows = await self.conn.execute(stmt.order_by(assessments.c.member_id))
        return [r[0] for r in rows]

    # --- submitted ----------------------------------------------------------------------------

    async def submit(
        self,
        assessment_id: int,
        *,
        cooperative_id: int | None,
        need_score: float,
        consent: bool,
        topics: list[str],
        delivery_mode: str | None,
        needs: dict[str, Any],
        score_detail: dict[str, Any],
        now: datetime,
    ) -> SubmittedAssessment:
        row = (
            await self.conn.execute(
                update(assessments)
                .where(assessments.c.id == assessment_id, assessments.c.status == DRAFT)
                .values(
                    status=SUBMITTED,
                    cooperative_id=cooperative_id,
                    need_score=need_score,
                    consent=consent,
                    topics=topics,
                    delivery_mode=delivery_mode,
                    needs=needs,
                    score_detail=score_detail,
                    submitted_at=now,
                    updated_at=now,
                )
                .returning(*assessments.c)
            )
        ).one()
        return _submitted(row)

    async def latest_submitted(self, member_id: int) -> SubmittedAssessment | None:
        row = (
            await self.conn.execute(
                select(assessments)
                .where(assessments.c.member_id == member_id, assessments.c.status == SUBMITTED)
                .order_by(assessments.c.id.desc())
                .limit(1)
            )
        ).one_or_none()
        return _submitted(row) if row else None

    async def history(self, member_id: int) -> list[SubmittedAssessment]:
        rows = (
            await self.conn.execute(
                select(assessments)
                .where(assessments.c.member_id == member_id, assessments.c.status == SUBMITTED)
                .order_by(assessments.c.id)
            )
        ).all()
        return [_submitted(r) for r in rows]

    async def latest_for_cooperative(self, cooperative_id: int) -> list[SubmittedAssessment]:
        """Each member's latest submitted assessment, if it names this cooperative (found through
        the cooperative's index, then each member's latest: no scan of all assessments)."""
        later = assessments.alias("later")
        newer_exists = (
            select(later.c.id)
            .where(
                later.c.member_id == assessments.c.member_id,
                later.c.status == SUBMITTED,
                later.c.id > assessments.c.id,
            )
            .exists()
        )
        rows = (
            await self.conn.execute(
                select(assessments)
                .where(
                    assessments.c.cooperative_id == cooperative_id,
                    assessments.c.status == SUBMITTED,
                    ~newer_exists,
                )
                .order_by(assessments.c.id)
            )
        ).all()
        return [_submitted(r) for r in rows]

    # --- profiles -----------------------------------------------------------------------------

    async def save_profile(self, member_id: int, values: dict[str, Any], now: datetime) -> None:
        stmt = insert(self.conn, member_profiles).values(
            member_id=member_id, updated_at=now, **values
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=[member_profiles.c.member_id], set_={**values, "updated_at": now}
        )
        await self.conn.execute(stmt)

    async def profile(self, member_id: int) -> MemberProfile | None:
        row = (
            await self.conn.execute(
                select(member_profiles).where(member_profiles.c.member_id == member_id)
            )
        ).one_or_none()
        if row is None:
            return None
        data = dict(row._mapping)
        coop_id = data.pop("cooperative_id")
        coop = None
        if coop_id is not None:
            coop_row = (
                await self.conn.execute(select(cooperatives).where(cooperatives.c.id == coop_id))
            ).one_or_none()
            coop = Cooperative.model_validate(dict(coop_row._mapping)) if coop_row else None
        return MemberProfile(cooperative=coop, **data)
