"""Who is talking: member records, roles and the chosen language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.config import Settings
from storage.engine import Database
from storage.members import Member, MembersRepo

SUPPORTED_LOCALES = ("fa", "en")

# last_seen is kept to this precision: statistics count people active per day, not per second.
LAST_SEEN_GRANULARITY = timedelta(minutes=5)


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
        """Record the visit and keep the admin role in line with ADMINS.

        Every update passes here, so the common case is a read: the row is written only when the
        messenger tells us something new, the person was marked blocked, the admin role is out of
        line, or the last recorded visit is older than LAST_SEEN_GRANULARITY. Reads run side by
        side; writes queue behind one lock, which one write per update would saturate.
        """
        now = self.clock.now()
        async with self.db.read() as conn:
            known = await MembersRepo(conn).get(visitor.platform, visitor.user_id)
        if known is not None and self._up_to_date(known, visitor, now):
            return known
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
                now=now,
            )
            if self._should_be_admin(member) and member.role != "admin":
                await repo.set_role(member.id, "admin")
                member = member.model_copy(update={"role": "admin"})
            return member

    def _should_be_admin(self, member: Member) -> bool:
        return self.settings.is_admin(member.platform, member.user_id)

    def _up_to_date(self, member: Member, visitor: Visitor, now: datetime) -> bool:
        return (
            not member.is_blocked
            and now - member.last_seen < LAST_SEEN_GRANULARITY
            and (member.role == "admin" or not self._should_be_admin(member))
            and member.chat_id == visitor.chat_id
            and member.first_name == visitor.first_name
            and member.last_name == visitor.last_name
            and member.username == visitor.username
            and member.language_code == visitor.language_code
        )

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
