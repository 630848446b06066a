"""People who talk to the bot, keyed by (platform, user id): ids of the two messengers collide."""

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Integer,
    String,
    Table,
    UniqueConstraint,
    false,
)

from storage.schema.base import metadata
from storage.schema.types import UtcDateTime

members = Table(
    "members",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("platform", String(16), nullable=False),
    Column("user_id", BigInteger, nullable=False),
    Column("chat_id", BigInteger, nullable=True),
    Column("first_name", String(256), nullable=True),
    Column("last_name", String(256), nullable=True),
    Column("username", String(64), nullable=True),
    Column("language_code", String(16), nullable=True),
    Column("locale", String(8), nullable=True),
    Column("role", String(16), nullable=False, server_default="member"),
    # The admin role came from the ADMINS setting: it goes when the setting no longer names them
    # (a role given in the chat clears this). Migration 0007_role_from_admins.
    Column("role_from_admins", Boolean, nullable=False, server_default=false()),
    Column("is_blocked", Boolean, nullable=False, server_default="0"),
    Column("blocked_at", UtcDateTime, nullable=True),
    Column("first_seen", UtcDateTime, nullable=False),
    Column("last_seen", UtcDateTime, nullable=False),
    UniqueConstraint("platform", "user_id", name="uq_members_platform_user"),
)

# What a person is in the middle of (a questionnaire, an admin dialog): free text is routed by it.
# Kept in the database so a restart loses nothing.
chat_states = Table(
    "chat_states",
    metadata,
    Column(
        "member_id",
        Integer,
        ForeignKey("members.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("flow", String(32), nullable=False),
    Column("step", String(64), nullable=True),
    Column("data", JSON, nullable=False, default=dict),
    Column("updated_at", UtcDateTime, nullable=False),
)
