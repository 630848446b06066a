"""Audit entries of course changes: the changed fields' raw values before and after."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.services.course_admin.fields import STEPS
from bot.services.course_admin.raw_values import audit_view
from storage.audit import AuditRepo
from storage.members import Member


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """The fields whose raw values differ, by name."""
    return sorted(k for k in STEPS if before[k] != after[k])


def audit_change(
    before: dict[str, Any], after: dict[str, Any], fields: list[str]
) -> dict[str, dict[str, Any]]:
    """The `before` and `after` of an audit entry: the changed fields only."""
    return {
        "before": audit_view({k: before[k] for k in fields}),
        "after": audit_view({k: after[k] for k in fields}),
    }


async def audit_course(
    conn: AsyncConnection,
    now: datetime,
    actor: Member | None,
    action: str,
    course_id: int,
    **values: Any,
) -> None:
    """An audit entry about one course, in the caller's transaction (`actor` None: the command
    line). `values`: reason, before, after."""
    await AuditRepo(conn).add(
        at=now,
        actor_id=actor.id if actor else None,
        action=action,
        subject="course",
        subject_id=course_id,
        **values,
    )
