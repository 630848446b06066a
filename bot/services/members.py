"""Who is talking: member records, roles and the chosen language."""

from __future__ import annotations

from dataclasses import dataclass

from bot.clock import Clock
from bot.config import Settings
from storage.engine import Database
from storage.members import Member, MembersRepo

SUPPORTED_LOCALES = ("fa", "en")


@dataclass(frozen=True)
class Visitor:
    """What the messenger says about the person behind an update."""

    platform: str
    user_id: int
    chat_id: int | None
    first_name: str | None
    last_name: str | None
    username: str | None
    language_code: str | None


def locale_for(member: Member, default: str) -> str:
    if member.locale in SUPPORTED_LOCALES:
        return member.locale
    code = (member.language_code or "").lower()
    if code.startswith("en"):
        return "en"
    if code.startswith("fa"):
        return "fa"
    return default


class MemberService:
    def __init__(self, db: Database, clock: Clock, settings: Settings) -> None:
        self.db = db
        self.clock = clock
        self.settings = settings

    async def seen(self, visitor: Visitor) -> Member:
        """Record the visit (one small write) and keep the admin role in line with ADMINS."""
        async with self.db.write() as conn:
            repo = MembersRepo(conn)
            member = await repo.seen(
                platform=visitor.platform,
                user_id=visitor.user_id,
                chat_id=visitor.chat_id,
                first_name=visitor.first_name,
                last_name=visitor.last_name,
                username=visitor.username,
                language_code=visitor.language_code,
                now=self.clock.now(),
            )
            if self.settings.is_admin(member.platform, member.user_id) and member.role != "admin":
                await repo.set_role(member.id, "admin")
                member = member.model_copy(update={"role": "admin"})
            return member

    async def set_locale(self, member_id: int, locale: str) -> None:
        if locale not in SUPPORTED_LOCALES:
            raise ValueError(f"unsupported locale {locale!r}")
        async with self.db.write() as conn:
            await MembersRepo(conn).set_locale(member_id, locale)

    async def get(self, member_id: int) -> Member | None:
        async with self.db.read() as conn:
            return await MembersRepo(conn).get_by_id(member_id)

    def locale(self, member: Member) -> str:
        return locale_for(member, self.settings.default_locale)
