"""Who is staff or admin, and how that changes.

- Admins listed in the ADMINS setting are always admins (bot/services/members.py restores the role
  on every visit; their role cannot be changed in the chat). Other admins and staff are made by an
  admin: by user id, or by a one-time invitation link — a `/start inv_<token>` deep link that
  expires (`invite_hours`, default 72) and works once; only the token's hash is stored.
- Every handler of a staff or admin feature checks the presser's role on the server, on every
  command and every button press: `require_staff(member)` / `require_admin(member)` raise
  `NotAllowed`, which handlers turn into a polite refusal (handlers/authz.py).
- Every change writes an audit entry in the same transaction, and the person is told through the
  delivery ledger.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from bot.core.clock import Clock
from bot.core.config import PLATFORMS, Settings
from bot.persian.normalize import normalize_text
from bot.services.members import forget_member
from storage.audit import AuditRepo
from storage.engine import Database
from storage.invitations import Invitation, InvitationsRepo, InvitedRole, staff_members
from storage.ledger import LedgerRepo
from storage.members import Member, MembersRepo, Role

STAFF_ROLES: tuple[str, ...] = ("staff", "admin")
INVITE_PREFIX = "inv_"
CAUSE_ROLE = "role.change"
_TOKEN = re.compile("[A-Za-z0-9_-]{16,48}")
_TARGET = re.compile("(?:(telegram|bale) ?[:：]? ?)?([0-9]{1,15})")

# What a person is told when an admin changes their role (a literal table for the locale test).
ROLE_NOTICE_KEYS: dict[str, str] = {
    "admin": "staff-notice-now-admin",
    "staff": "staff-notice-now-staff",
    "member": "staff-notice-now-member",
}


class NotAllowed(Exception):
    """The person may not do this; handlers answer with a polite refusal and change nothing."""

    def __init__(self, needed: str = "staff") -> None:
        super().__init__(f"needs the {needed} role")
        self.needed = needed


def is_staff(member: Member | None) -> bool:
    return member is not None and member.role in STAFF_ROLES


def is_admin(member: Member | None) -> bool:
    return member is not None and member.role == "admin"


def require_staff(member: Member | None) -> Member:
    if member is None or not is_staff(member):
        raise NotAllowed("staff")
    return member


def require_admin(member: Member | None) -> Member:
    if member is None or not is_admin(member):
        raise NotAllowed("admin")
    return member


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "ignore")).hexdigest()


def invitation_token(payload: str | None) -> str | None:
    """The token of a `/start inv_<token>` payload, or None when it is not an invitation."""
    if not payload or not payload.startswith(INVITE_PREFIX):
        return None
    token = payload[len(INVITE_PREFIX) :]
    return token if _TOKEN.fullmatch(token) else None


def parse_target(text: str, default_platform: str) -> tuple[str, int] | None:
    """`123456`, `bale:123456` or `telegram 123456` (any digits) -> (platform, user id)."""
    match = _TARGET.fullmatch(normalize_text(text).lower())
    if match is None:
        return None
    platform = match.group(1) or default_platform
    if platform not in PLATFORMS:
        return None
    return platform, int(match.group(2))


LINK_BASES = {
    "telegram": "https://t.me/{bot}?start={payload}",
    "bale": "https://ble.ir/{bot}?start={payload}",
}


@dataclass(frozen=True)
class NewInvitation:
    invitation: Invitation
    token: str

    @property
    def payload(self) -> str:
        """The /start payload (deep link parameter: at most 64 of [A-Za-z0-9_-])."""
        return f"{INVITE_PREFIX}{self.token}"

    def link(self, platform: str, bot: str) -> str:
        """The deep link that opens the bot `bot` (its username) on `platform` with it."""
        base = LINK_BASES.get(platform, LINK_BASES["telegram"])
        return base.format(bot=bot, payload=self.payload)


RedeemResult = Literal["joined", "already", "expired", "used", "invalid"]


@dataclass(frozen=True)
class RedeemOutcome:
    result: RedeemResult
    role: str | None = None


ChangeResult = Literal["changed", "unchanged", "not_found", "configured_admin", "self"]


@dataclass(frozen=True)
class RoleOutcome:
    result: ChangeResult
    member: Member | None = None
    before: str | None = None


class RoleService:
    def __init__(self, db: Database, clock: Clock, settings: Settings) -> None:
        self.db = db
        self.clock = clock
        self.settings = settings

    @property
    def invite_hours(self) -> int:
        return self.settings.invite_hours

    def is_configured_admin(self, member: Member) -> bool:
        return self.settings.is_admin(member.platform, member.user_id)

    # --- invitations --------------------------------------------------------------------------

    async def invite(self, actor: Member, role: InvitedRole = "staff") -> NewInvitation:
        require_admin(actor)
        if role not in STAFF_ROLES:
            raise ValueError(f"cannot invite to role {role!r}")
        now = self.clock.now()
        token = secrets.token_urlsafe(18)  # 24 characters of [A-Za-z0-9_-]
        async with self.db.write() as conn:
            invitation = await InvitationsRepo(conn).create(
                token_hash=token_hash(token),
                role=role,
                created_by=actor.id,
                now=now,
                expires_at=now + timedelta(hours=self.invite_hours),
            )
            await AuditRepo(conn).add(
                at=now,
                actor_id=actor.id,
                action="role.invite",
                subject="invitation",
                subject_id=invitation.id,
                after={"role": role, "expires_at": invitation.expires_at.isoformat()},
            )
        return NewInvitation(invitation, token)

    async def redeem(self, member: Member, payload: str | None) -> RedeemOutcome:
        """The person opened an invitation link: make them staff (or admin), once."""
        token = invitation_token(payload)
        if token is None:
            return RedeemOutcome("invalid")
        digest = token_hash(token)
        now = self.clock.now()
        async with self.db.write() as conn:
            repo = InvitationsRepo(conn)
            found = await repo.by_hash(digest)
            if found is None or found.revoked_at is not None:
                return RedeemOutcome("invalid")
            if found.used_at is not None:
                same = found.used_by == member.id
                return RedeemOutcome("already" if same else "used", found.role)
            if found.expires_at <= now:
                return RedeemOutcome("expired", found.role)
            if member.role == "admin" or member.role == found.role:
                return RedeemOutcome("already", member.role)  # the link stays usable
            taken = await repo.use(digest, member.id, now)
            if taken is None:  # someone else took it this instant
                return RedeemOutcome("used", found.role)
            await MembersRepo(conn).set_role(member.id, taken.role)
            await AuditRepo(conn).add(
                at=now,
                actor_id=member.id,
                action="role.join",
                subject="member",
                subject_id=member.id,
                reason=f"invitation #{taken.id}",
                before={"role": member.role},
                after={"role": taken.role},
            )
        forget_member(self.db, member.id)
        return RedeemOutcome("joined", taken.role)

    async def open_invitations(self) -> list[Invitation]:
        async with self.db.read() as conn:
            return await InvitationsRepo(conn).open(self.clock.now())

    async def revoke(self, actor: Member, invitation_id: int) -> bool:
        require_admin(actor)
        now = self.clock.now()
        async with self.db.write() as conn:
            revoked = await InvitationsRepo(conn).revoke(invitation_id, now)
            if revoked is None:
                return False
            await AuditRepo(conn).add(
                at=now,
                actor_id=actor.id,
                action="role.revoke",
                subject="invitation",
                subject_id=invitation_id,
                before={"role": revoked.role},
                after={"revoked": True},
            )
        return True

    # --- roles --------------------------------------------------------------------------------

    async def follow_admins_setting(self) -> list[Member]:
        """At start-up: ADMINS is the source of truth for the admin role it gives. Those it no
        longer names lose that role (they become members; an audit entry says why); a role an
        admin gave in the chat is not the setting's and stays. Those it names become admins at
        their next message (MemberService). Returns the members whose role ended."""
        named = set(self.settings.admins)
        now = self.clock.now()
        ended: list[Member] = []
        async with self.db.write() as conn:
            repo = MembersRepo(conn)
            for member in await repo.admins_from_setting():
                if (member.platform, member.user_id) in named or member.role != "admin":
                    continue
                await repo.set_role(member.id, "member")
                await AuditRepo(conn).add(
                    at=now,
                    actor_id=None,
                    action="role.admins_setting",
                    subject="member",
                    subject_id=member.id,
                    reason="ADMINS",
                    before={"role": "admin"},
                    after={"role": "member"},
                )
                ended.append(member)
        for member in ended:
            forget_member(self.db, member.id)
        return ended

    async def find(self, platform: str, user_id: int) -> Member | None:
        async with self.db.read() as conn:
            return await MembersRepo(conn).get(platform, user_id)

    async def get(self, member_id: int) -> Member | None:
        async with self.db.read() as conn:
            return await MembersRepo(conn).get_by_id(member_id)

    async def staff(self) -> list[Member]:
        """Staff and admins, admins first."""
        async with self.db.read() as conn:
            return await staff_members(conn)

    async def set_role(
        self, actor: Member, member_id: int, role: Role, *, reason: str | None = None
    ) -> RoleOutcome:
        """An admin makes someone a member, staff or admin. Refused for oneself and for the
        admins of the ADMINS setting (the setting decides about them)."""
        require_admin(actor)
        if role not in ("member", "staff", "admin"):
            raise ValueError(f"unknown role {role!r}")
        now = self.clock.now()
        async with self.db.write() as conn:
            repo = MembersRepo(conn)
            target = await repo.get_by_id(member_id)
            if target is None or target.user_id < 0:  # unknown, or erased
                return RoleOutcome("not_found")
            if target.id == actor.id:
                return RoleOutcome("self", target, target.role)
            if self.is_configured_admin(target):
                return RoleOutcome("configured_admin", target, target.role)
            if target.role == role:
                return RoleOutcome("unchanged", target, target.role)
            await repo.set_role(target.id, role)
            entry = await AuditRepo(conn).add(
                at=now,
                actor_id=actor.id,
                action="role.change",
                subject="member",
                subject_id=target.id,
                reason=reason,
                before={"role": target.role},
                after={"role": role},
            )
            await LedgerRepo(conn).enqueue(
                member_id=target.id,
                cause=CAUSE_ROLE,
                occurrence=f"audit:{entry}",
                due_at=now,
                payload={"text": {"key": ROLE_NOTICE_KEYS[role], "args": {}}},
                urgent=True,
            )
        forget_member(self.db, target.id)
        return RoleOutcome("changed", target.model_copy(update={"role": role}), target.role)
