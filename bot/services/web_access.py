"""Sign-in to the staff web console without passwords.

- A staff member sends `/web` in the chat: `issue_link` (staff checked against the database)
  makes a one-time link `<WEB_BASE_URL>/signin/<token>` that expires after `web_link_minutes`.
- Opening it: `sign_in` takes the link once (one UPDATE), checks the person is still staff, and
  opens a session for `web_session_hours`; the browser keeps its token in a cookie.
- Every request: `current` finds the session by the cookie's hash and re-reads the member's row
  (never a cache), so a role taken away in the chat counts at the next request, in any process.
- Forms carry `csrf_token(session token)`: an HMAC of the session's own secret, checked on every
  POST (web/csrf.py); nothing about it is stored.
Only SHA-256 hashes of link and session tokens are in the database; expired ones are deleted at
each sign-in a day after they expired. Sign-in and sign-out are written to the audit log.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from bot.core.clock import Clock
from bot.core.config import Settings
from bot.services.audit import audit
from bot.services.roles import is_staff, require_staff
from storage.engine import Database
from storage.members import Member, MembersRepo
from storage.web_sessions import WebSession, WebSessionsRepo

LOCALES = ("fa", "en")
TOKEN_SHAPE = re.compile("[A-Za-z0-9_-]{32,64}")
KEEP_EXPIRED = timedelta(days=1)  # an expired link is still told apart from an unknown one
SignInResult = Literal["signed_in", "invalid", "expired", "used", "refused"]


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "ignore")).hexdigest()


def well_formed(token: str | None) -> bool:
    return token is not None and TOKEN_SHAPE.fullmatch(token) is not None


@dataclass(frozen=True)
class SignIn:
    result: SignInResult
    token: str | None = None  # the new session's token, for the cookie
    session: WebSession | None = None


@dataclass(frozen=True)
class WebUser:
    """Who is at the console for this request: the member as stored now and their session."""

    member: Member
    session: WebSession

    @property
    def locale(self) -> str:
        chosen = self.session.locale or self.member.locale
        return chosen if chosen in LOCALES else "fa"


class WebAccessService:
    def __init__(self, db: Database, clock: Clock, settings: Settings) -> None:
        self.db = db
        self.clock = clock
        self.settings = settings

    @property
    def link_minutes(self) -> int:
        return self.settings.web_link_minutes

    async def issue_link(self, member_id: int) -> str:
        """A one-time sign-in link for this staff member (their role read now); NotAllowed for
        anyone else."""
        now = self.clock.now()
        token = secrets.token_urlsafe(32)
        async with self.db.write() as conn:
            member = require_staff(await MembersRepo(conn).get_by_id(member_id))
            await WebSessionsRepo(conn).add_link(
                token_hash=digest(token),
                member_id=member.id,
                now=now,
                expires_at=now + timedelta(minutes=self.link_minutes),
            )
        return f"{self.settings.web_url}/signin/{token}"

    async def sign_in(self, token: str) -> SignIn:
        """Open a session from a link: once, before it expires, for a member still staff."""
        if not well_formed(token):
            return SignIn("invalid")
        now = self.clock.now()
        hashed = digest(token)
        async with self.db.write() as conn:
            repo = WebSessionsRepo(conn)
            await repo.purge(now - KEEP_EXPIRED)  # long expired: they open nothing, gone
            found = await repo.link(hashed)
            if found is None:
                return SignIn("invalid")
            if found.used_at is not None:
                return SignIn("used")
            if found.expires_at <= now:
                return SignIn("expired")
            taken = await repo.use_link(hashed, now)
            if taken is None:  # another request took it this instant
                return SignIn("used")
            member = await MembersRepo(conn).get_by_id(taken.member_id)
            if not is_staff(member):
                return SignIn("refused")  # the link is spent all the same
            session_token = secrets.token_urlsafe(32)
            session = await repo.add_session(
                token_hash=digest(session_token),
                member_id=taken.member_id,
                now=now,
                expires_at=now + timedelta(hours=self.settings.web_session_hours),
            )
            await audit(conn, now, taken.member_id, "web.sign_in", "member", taken.member_id)
        return SignIn("signed_in", session_token, session)

    async def current(self, token: str | None) -> WebUser | None:
        """The signed-in staff member of this session token, their role read now; None when
        the token is unknown or expired, or the person is no longer staff."""
        if not well_formed(token):
            return None
        assert token is not None
        async with self.db.read() as conn:
            session = await WebSessionsRepo(conn).session(digest(token), self.clock.now())
            if session is None:
                return None
            member = await MembersRepo(conn).get_by_id(session.member_id)
        if member is None or not is_staff(member):
            return None
        return WebUser(member, session)

    async def signed_in_member(self, token: str | None) -> Member | None:
        """Whoever's session this is (staff or not), for telling a member apart from a
        signed-out visitor; None without a live session."""
        if not well_formed(token):
            return None
        assert token is not None
        async with self.db.read() as conn:
            session = await WebSessionsRepo(conn).session(digest(token), self.clock.now())
            if session is None:
                return None
            return await MembersRepo(conn).get_by_id(session.member_id)

    async def set_locale(self, user: WebUser, locale: str) -> bool:
        if locale not in LOCALES:
            return False
        async with self.db.write() as conn:
            await WebSessionsRepo(conn).choose_locale(user.session.id, locale)
        return True

    async def sign_out(self, token: str, member_id: int) -> bool:
        now = self.clock.now()
        async with self.db.write() as conn:
            ended = await WebSessionsRepo(conn).end(digest(token))
            if ended:
                await audit(conn, now, member_id, "web.sign_out", "member", member_id)
        return ended


def csrf_token(session_token: str) -> str:
    """The session's form token: an HMAC keyed by the session's secret (not stored anywhere)."""
    return hmac.new(session_token.encode("ascii"), b"coopbot-web-csrf", "sha256").hexdigest()


def csrf_valid(session_token: str, sent: str | None) -> bool:
    return sent is not None and hmac.compare_digest(csrf_token(session_token), sent)
