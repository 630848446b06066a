"""Who is talking: member records, roles and the chosen language.

Every update asks `MemberService.seen` who sent it, so the answer is kept in memory
(`MemberCache`): a person who wrote in the last few minutes costs no database round trip. The
database stays the truth: a cached row is used only while nothing the messenger says differs from
it and its `last_seen` is younger than LAST_SEEN_GRANULARITY (after that the visit is written, and
the write returns the row as stored, whoever changed it). Every change of a members row in this
process forgets the person (`forget_member`): the language, a role, an invitation, a block, an
erasure. What another process changes is seen within LAST_SEEN_GRANULARITY; the rights of staff
and admins are never taken from the cache (handlers/authz.py reads them again, and so do the
services that act on them).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from cachetools import LRUCache
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.core.clock import Clock
from bot.core.config import Settings
from storage.engine import Database
from storage.group_commit import BatchCommit, GroupCommit
from storage.members import Member, MembersRepo, Visit
from storage.members import Visitor as Visitor  # handlers take it from here

SUPPORTED_LOCALES = ("fa", "en")

# last_seen is kept to this precision: statistics count people active per day, not per second.
LAST_SEEN_GRANULARITY = timedelta(minutes=5)
# People kept in memory: those who wrote in the last minutes, at about 1 KiB each.
MEMBER_CACHE_SIZE = 20_000


class MemberCache:
    """Members by (platform, user id), least recently used dropped first.

    `forget` may run while a visit is being read or written: a visit stores what it read only if
    nothing was forgotten since it began (`epoch`), so a row read before a change is never kept.
    """

    def __init__(self, maxsize: int = MEMBER_CACHE_SIZE) -> None:
        self._members: LRUCache[tuple[str, int], Member] = LRUCache(maxsize)
        self._keys: dict[int, tuple[str, int]] = {}  # member id -> key, pruned with the cache
        self.epoch = 0

    def __len__(self) -> int:
        return len(self._members)

    def get(self, platform: str, user_id: int) -> Member | None:
        return self._members.get((platform, user_id))

    def put(self, member: Member, epoch: int) -> None:
        if epoch != self.epoch:
            return
        key = (member.platform, member.user_id)
        self._members[key] = member
        self._keys[member.id] = key
        if len(self._keys) > 2 * self._members.maxsize:
            self._keys = {m.id: k for k, m in self._members.items()}

    def changed(self, member_id: int, epoch: int, **values: object) -> None:
        """This process changed the person's row as `values` say (committed): keep the row so
        changed, unless anything was forgotten since `epoch` (read it again then)."""
        key = self._keys.get(member_id)
        member = self._members.get(key) if key is not None else None
        if key is None or member is None:
            return
        if epoch != self.epoch:
            self.forget(member_id)
            return
        self._members[key] = member.model_copy(update=values)

    def forget(self, member_id: int) -> None:
        self.epoch += 1
        key = self._keys.pop(member_id, None)
        if key is not None:
            self._members.pop(key, None)


_caches: weakref.WeakKeyDictionary[Database, MemberCache] = weakref.WeakKeyDictionary()


def member_cache(db: Database) -> MemberCache:
    """The one cache of this process for this database, shared by every service that reads or
    changes members rows."""
    cache = _caches.get(db)
    if cache is None:
        cache = _caches[db] = MemberCache()
    return cache


def forget_member(db: Database, member_id: int) -> None:
    """Call after committing a change to a members row (the next visit reads it again)."""
    member_cache(db).forget(member_id)


def locale_for(member: Member, default: str) -> str:
    if member.locale in SUPPORTED_LOCALES:
        return member.locale
    return locale_of_code(member.language_code, default)


def locale_of_code(language_code: str | None, default: str) -> str:
    """The locale a messenger's language_code points to (for someone who has not chosen)."""
    code = (language_code or "").lower()
    if code.startswith("en"):
        return "en"
    if code.startswith("fa"):
        return "fa"
    return default


class MemberService:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        settings: Settings,
        *,
        on_first_visit: Callable[[int], None] | None = None,
    ) -> None:
        self.db = db
        self.clock = clock
        self.settings = settings
        self.on_first_visit = on_first_visit  # called with the id of a members row just created
        self.cache = member_cache(db)
        # the visits of many people at once share transactions and statements, language
        # choices share transactions
        self._visits = BatchCommit(db, self._visit_batch)
        self._writes = GroupCommit(db)

    async def seen(self, visitor: Visitor) -> Member:
        """Record the visit and keep the admin role in line with ADMINS.

        Every update passes here, so the common case touches no database: the person is in
        memory and nothing the messenger says differs, the admin role is in line and the last
        recorded visit is younger than LAST_SEEN_GRANULARITY. Otherwise the visit is written
        (one statement: a new person is inserted, a known one updated) and the row as stored
        kept. The visits of many people at once (after a restart, an announcement) share write
        transactions (GroupCommit): SQLite has one writer.
        """
        now = self.clock.now()
        epoch = self.cache.epoch
        known = self.cache.get(visitor.platform, visitor.user_id)
        if known is not None and self._up_to_date(known, visitor, now):
            return known
        member, first = await self._visits.run(Visit(visitor, now, maybe_new=known is None))
        self.cache.put(member, epoch)
        if first and self.on_first_visit is not None:
            self.on_first_visit(member.id)
        return member

    async def _visit_batch(
        self, conn: AsyncConnection, visits: Sequence[Visit]
    ) -> list[tuple[Member, bool]]:
        """(the row as stored after the visit, whether the visit created it), for each visit."""
        repo = MembersRepo(conn)
        out = []
        for member, created in await repo.visit_many(visits):
            if self._should_be_admin(member) and member.role != "admin":
                await repo.set_role(member.id, "admin", from_admins=True)
                member = member.model_copy(update={"role": "admin", "role_from_admins": True})
            out.append((member, created))
        return out

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
        epoch = self.cache.epoch
        await self._writes.run(lambda conn: MembersRepo(conn).set_locale(member_id, locale))
        self.cache.changed(member_id, epoch, locale=locale)

    async def get(self, member_id: int) -> Member | None:
        """The row as stored now (never from memory)."""
        async with self.db.read() as conn:
            return await MembersRepo(conn).get_by_id(member_id)

    def locale(self, member: Member) -> str:
        return locale_for(member, self.settings.default_locale)
