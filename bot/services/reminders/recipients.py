"""Who gets the notices meant for the office: staff, or admins while there are no staff."""

from __future__ import annotations

from collections.abc import Sequence

from bot.services.reminders.preferences import disabled
from storage.engine import Database
from storage.reminders import member_ids_with_role


async def role_ids(db: Database, roles: Sequence[str]) -> list[int]:
    async with db.read() as conn:
        return await member_ids_with_role(conn, roles)


async def staff_ids(db: Database) -> set[int]:
    """Staff get staff notices; while there are none, admins do."""
    return set(await role_ids(db, ("staff",)) or await role_ids(db, ("admin",)))


async def staff_to_tell(db: Database) -> set[int]:
    """The staff (or admins) who have not turned staff notices off."""
    return await staff_ids(db) - await disabled(db, "staff")
