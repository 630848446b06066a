"""The staff web console's sign-in: one-time links sent by `/web` in the chat, and the sessions
they open. Only the SHA-256 of each token is stored (a database copy opens nothing)."""

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table

from storage.schema.base import metadata
from storage.schema.types import UtcDateTime

web_links = Table(
    "web_links",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("token_hash", String(64), nullable=False),
    Column("member_id", Integer, ForeignKey("members.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("used_at", UtcDateTime, nullable=True),
    Index("uq_web_links_token_hash", "token_hash", unique=True),
)

web_sessions = Table(
    "web_sessions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("token_hash", String(64), nullable=False),
    Column("member_id", Integer, ForeignKey("members.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("locale", String(8), nullable=True),  # the console's language switch; None: the member's
    Index("uq_web_sessions_token_hash", "token_hash", unique=True),
    Index("ix_web_sessions_member_id", "member_id"),
)
