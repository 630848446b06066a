"""Which reminder kinds a person gets (/reminders): every kind is on until they turn it off."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.clock import Clock
from bot.services.reminders.keys import KINDS, STAFF_ONLY_KINDS
from storage.engine import Database
from storage.ledger import LedgerRepo
from storage.reminders import ReminderPrefsRepo


def kinds_for(role: str) -> tuple[str, ...]:
    """The kinds a person of `role` may turn on and off (staff notices: staff and admins)."""
    return tuple(k for k in KINDS if role in ("staff", "admin") or k not in STAFF_ONLY_KINDS)


async def disabled(db: Database, kind: str) -> set[int]:
    """The members who turned `kind` off."""
    async with db.read() as conn:
        return await ReminderPrefsRepo(conn).disabled(kind)


@dataclass(frozen=True)
class Preferences:
    db: Database
    clock: Clock

    async def get(self, member_id: int, role: str) -> dict[str, bool]:
        async with self.db.read() as conn:
            stored = await ReminderPrefsRepo(conn).get(member_id)
        return {kind: stored.get(kind, True) for kind in kinds_for(role)}

    async def set(self, member_id: int, kind: str, enabled: bool) -> None:
        """Turn a kind on or off. Off cancels that kind's pending reminders at once; on brings
        back the ones still useful at the planner's next run."""
        if kind not in KINDS:
            raise ValueError(f"unknown reminder kind {kind!r}")
        now = self.clock.now()
        async with self.db.write() as conn:
            await ReminderPrefsRepo(conn).set(member_id, kind, enabled)
            if not enabled:
                ledger = LedgerRepo(conn)
                for cause in KINDS[kind]:
                    await ledger.cancel(
                        member_id=member_id, cause=cause, now=now, reason="turned off"
                    )
