"""What the bot stores about one person (to send it to them) and erasing their personal data.
Callers own the transaction.

The dump is generic: the person's `members` row and every row of every table that points to it
(a `member_id` column or a foreign key to members.id), so a new feature's tables are included
without changing this file. Erasing keeps the rows that statistics count, without the person:
- `members`: names, username, language, chat id go; the messenger user id is replaced by
  -(row id), so the row can no longer be tied to the person (if they write again, they start anew
  as someone the bot has never seen);
- `member_profiles` (full name, national ID, mobile, …) and `chat_states` are deleted;
- answers the caller names (free text, IDs, phone numbers, dates) are deleted, choices stay;
- texts written about the person into other people's notices (`deliveries.payload`, e.g. a
  staff notice naming them) and into the audit log (a staff member's reason) are blanked where
  they appear.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, Table, Text, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.schema import metadata
from storage.schema.assessment import assessment_answers, assessments, member_profiles
from storage.schema.courses import course_audit
from storage.schema.ledger import deliveries
from storage.schema.members import chat_states, members

SECRET_COLUMNS = frozenset({"token_hash"})
ERASED = "—"  # what replaces a person's name or number inside someone else's notice


def jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


def _member_columns(table: Table) -> list[Column[Any]]:
    """Columns of `table` that name a member."""
    out = []
    for column in table.c:
        points_to_members = any(
            fk.column.table.name == "members" and fk.column.name == "id"
            for fk in column.foreign_keys
        )
        if points_to_members or (column.name == "member_id" and table.name != "members"):
            out.append(column)
    return out


def _scrub(value: Any, needles: tuple[str, ...]) -> Any:
    if isinstance(value, str):
        for needle in needles:
            value = value.replace(needle, ERASED)
        return value
    if isinstance(value, dict):
        return {k: _scrub(v, needles) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v, needles) for v in value]
    return value


class PrivacyRepo:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def dump(
        self, member_id: int, *, json_ready: bool = True
    ) -> dict[str, list[dict[str, Any]]]:
        """Every stored row about the person, by table name (JSON-ready values, or the values as
        stored: datetimes, dates)."""
        convert = jsonable if json_ready else (lambda value: value)
        out: dict[str, list[dict[str, Any]]] = {}
        for table in metadata.sorted_tables:
            if table.name == "members":
                condition = table.c.id == member_id
            else:
                columns = _member_columns(table)
                if not columns:
                    continue
                condition = or_(*(c == member_id for c in columns))
                if table is course_audit:
                    condition = or_(
                        condition,
                        (course_audit.c.subject == "member")
                        & (course_audit.c.subject_id == member_id),
                    )
            rows = (await self.conn.execute(select(table).where(condition))).all()
            if rows:
                out[table.name] = [
                    {k: convert(v) for k, v in row._mapping.items() if k not in SECRET_COLUMNS}
                    for row in rows
                ]
        if "assessments" in out:
            ids = [row["id"] for row in out["assessments"]]
            answers = (
                await self.conn.execute(
                    select(assessment_answers)
                    .where(assessment_answers.c.assessment_id.in_(ids))
                    .order_by(assessment_answers.c.assessment_id, assessment_answers.c.key)
                )
            ).all()
            out["assessment_answers"] = [
                {k: convert(v) for k, v in row._mapping.items()} for row in answers
            ]
        return out

    async def answer_keys(self, member_id: int) -> list[tuple[int, str]]:
        """(assessment id, answer key) of every answer the person gave."""
        rows = await self.conn.execute(
            select(assessment_answers.c.assessment_id, assessment_answers.c.key)
            .join(assessments, assessments.c.id == assessment_answers.c.assessment_id)
            .where(assessments.c.member_id == member_id)
        )
        return [(a, k) for a, k in rows.all()]

    async def delete_answers(self, keys: Iterable[tuple[int, str]]) -> int:
        deleted = 0
        for assessment_id, key in keys:
            result = await self.conn.execute(
                delete(assessment_answers).where(
                    assessment_answers.c.assessment_id == assessment_id,
                    assessment_answers.c.key == key,
                )
            )
            deleted += result.rowcount or 0
        return deleted

    async def personal_texts(self, member_id: int) -> list[str]:
        """The person's names and numbers as stored (to find them in other people's notices)."""
        found: list[str] = []
        row = (
            await self.conn.execute(
                select(members.c.first_name, members.c.last_name, members.c.username).where(
                    members.c.id == member_id
                )
            )
        ).one_or_none()
        if row is not None:
            first, last, username = row
            found += [
                " ".join(p for p in (first, last) if p),
                first or "",
                last or "",
                username or "",
            ]
        profile = (
            await self.conn.execute(
                select(
                    member_profiles.c.full_name,
                    member_profiles.c.national_id,
                    member_profiles.c.mobile,
                ).where(member_profiles.c.member_id == member_id)
            )
        ).one_or_none()
        if profile is not None:
            found += [p for p in profile if p]
        # Longest first, so a full name is replaced before its parts; very short strings (one or
        # two letters) would match everywhere and say nothing about the person.
        unique = {t.strip() for t in found if t and len(t.strip()) >= 3}
        return sorted(unique, key=len, reverse=True)

    async def scrub_notices(self, texts: list[str]) -> int:
        """Blank the texts inside the payloads of notices (anyone's) that contain them."""
        return await self._scrub_rows(deliveries, ("payload",), texts)

    async def scrub_audit(self, texts: list[str]) -> int:
        """Blank the texts where staff wrote them into the audit log (a reason, a value before or
        after): the entry stays, what it says about the action too, without the person's name."""
        return await self._scrub_rows(course_audit, ("reason", "before", "after"), texts)

    async def _scrub_rows(self, table: Table, names: tuple[str, ...], texts: list[str]) -> int:
        if not texts:
            return 0
        patterns = []
        for text in texts:
            patterns.append(text)
            escaped = json.dumps(text)[1:-1]  # JSON text may hold \\uXXXX escapes
            if escaped != text:
                patterns.append(escaped)
        columns = [table.c[name] for name in names]
        condition = or_(
            *(
                column.cast(Text()).contains(p, autoescape=True)
                for column in columns
                for p in patterns
            )
        )
        rows = (await self.conn.execute(select(table.c.id, *columns).where(condition))).all()
        needles = tuple(texts)
        for row_id, *values in rows:
            changed = {
                name: _scrub(value, needles)
                for name, value in zip(names, values, strict=True)
                if value is not None and _scrub(value, needles) != value
            }
            await self.conn.execute(update(table).where(table.c.id == row_id).values(changed))
        return len(rows)

    async def same_national_id(self, member_id: int) -> list[tuple[int, str]]:
        """(member id, platform) of the person's other accounts: other members whose profile
        holds the same national ID (the same person on the other messenger, or a second account)."""
        mine = (
            select(member_profiles.c.national_id)
            .where(member_profiles.c.member_id == member_id)
            .scalar_subquery()
        )
        rows = await self.conn.execute(
            select(members.c.id, members.c.platform)
            .join(member_profiles, member_profiles.c.member_id == members.c.id)
            .where(
                member_profiles.c.national_id == mine,
                member_profiles.c.national_id.is_not(None),
                members.c.id != member_id,
            )
            .order_by(members.c.id)
        )
        return [(other, platform) for other, platform in rows.all()]

    async def erase_member(self, member_id: int, now: datetime) -> bool:
        """Anonymise the members row, delete the profile and the dialog state."""
        await self.conn.execute(
            delete(member_profiles).where(member_profiles.c.member_id == member_id)
        )
        await self.conn.execute(delete(chat_states).where(chat_states.c.member_id == member_id))
        result = await self.conn.execute(
            update(members)
            .where(members.c.id == member_id)
            .values(
                user_id=-member_id,
                chat_id=None,
                first_name=None,
                last_name=None,
                username=None,
                language_code=None,
                locale=None,
                role="member",
                is_blocked=True,
                blocked_at=now,
            )
        )
        return bool(result.rowcount)
