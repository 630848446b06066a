"""Helpers for the staff and admin tool tests: people with roles, a full Services container."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.core.clock import FixedClock
from bot.core.config import Settings
from bot.core.i18n import Translator
from bot.services.container import Services, build_services
from storage.engine import Database
from storage.members import Member, MembersRepo
from storage.schema.courses import course_audit


def make_services(
    db: Database, clock: FixedClock, *, fakes: dict[str, Any] | None = None, **settings: Any
) -> Services:
    """`fakes`: stand-ins for collaborators by name, as container.build_services takes them."""
    options: dict[str, Any] = {
        "admins": [("telegram", 9001)],
        "rate_limit_per_second": 0,
        "chat_rate_per_second": 0,
    }
    options.update(settings)
    config = Settings(_env_file=None, **options)
    return build_services(config, db, clock, Translator(), **(fakes or {}))


async def person(
    db: Database,
    clock: FixedClock,
    user_id: int,
    role: str = "member",
    *,
    platform: str = "telegram",
    first_name: str | None = None,
    last_name: str | None = None,
    username: str | None = None,
) -> Member:
    async with db.write() as conn:
        repo = MembersRepo(conn)
        member = await repo.seen(
            platform=platform,
            user_id=user_id,
            chat_id=user_id,
            first_name=first_name or f"p{user_id}",
            last_name=last_name,
            username=username,
            language_code="fa",
            now=clock.now(),
        )
        if role != "member":
            await repo.set_role(member.id, role)  # type: ignore[arg-type]
    return member.model_copy(update={"role": role})


async def audit_actions(db: Database) -> list[tuple[str, int | None, str, int]]:
    async with db.read() as conn:
        rows = await conn.execute(
            select(
                course_audit.c.action,
                course_audit.c.actor_id,
                course_audit.c.subject,
                course_audit.c.subject_id,
            ).order_by(course_audit.c.id)
        )
        return [tuple(r) for r in rows.all()]
