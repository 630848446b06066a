"""What the course planner wants against what the ledger has: new rows written at once, wanted
cancelled (or re-planned) rows written again, pending rows nobody wants cancelled at the end."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterator
from contextlib import contextmanager

from bot.services.ledger import BulkWriter, Notice
from bot.services.reminders.course_plans import Planned


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: a large plan allocates hundreds of thousands of
    acyclic objects, and the collector's repeated scans of them cost a third of the run."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class PlanDiff:
    """What the planner wants against what the ledger has, course by course: rows that do not
    exist go to the bulk writer at once (the database writes them while the next courses are
    planned); cancelled ones (and, for one course re-planned, pending ones) are written again
    at the end; pending rows nobody wants any more are cancelled at the end."""

    def __init__(
        self,
        existing: dict[tuple[int, str, str], tuple[int, str]],
        rewrite: tuple[str, ...],
        writer: BulkWriter,
    ) -> None:
        self.existing = existing
        self.rewrite = rewrite
        self.writer = writer
        self.wanted: set[tuple[int, str, str]] = set()
        self.again: list[Notice] = []
        self.desired = 0

    async def add(self, plans: list[Planned]) -> None:
        existing, wanted, new = self.existing, self.wanted, []
        for p in plans:
            key = p.key
            wanted.add(key)
            found = existing.get(key)
            if found is None:
                new.append(p.row())
            elif found[1] in self.rewrite:
                self.again.append(p.notice())
        self.desired += len(plans)
        await self.writer.add(new)
        await asyncio.sleep(0)  # let the bot answer people between courses

    def obsolete(self) -> list[int]:
        return [
            row_id
            for key, (row_id, status) in self.existing.items()
            if status == "pending" and key not in self.wanted
        ]
