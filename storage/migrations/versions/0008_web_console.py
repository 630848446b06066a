"""the staff web console: one-time sign-in links and sessions (token hashes only)

Revision ID: 0008_web_console
Revises: 0007
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

from storage.schema.types import UtcDateTime

revision = "0008_web_console"
down_revision = "0007"
branch_labels = None
depends_on = None


def _table(name: str, *extra: sa.Column[Any]) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("member_id", sa.Integer, nullable=False),
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.Column("expires_at", UtcDateTime, nullable=False),
        *extra,
        sa.PrimaryKeyConstraint("id", name=f"pk_{name}"),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=f"fk_{name}_member_id_members", ondelete="CASCADE"
        ),
    )
    op.create_index(f"uq_{name}_token_hash", name, ["token_hash"], unique=True)


def upgrade() -> None:
    _table("web_links", sa.Column("used_at", UtcDateTime, nullable=True))
    _table("web_sessions", sa.Column("locale", sa.String(8), nullable=True))
    op.create_index("ix_web_sessions_member_id", "web_sessions", ["member_id"])


def downgrade() -> None:
    op.drop_index("ix_web_sessions_member_id", table_name="web_sessions")
    for name in ("web_sessions", "web_links"):
        op.drop_index(f"uq_{name}_token_hash", table_name=name)
        op.drop_table(name)
