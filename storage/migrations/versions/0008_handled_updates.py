"""handled_updates: (messenger, update_id) of every update whose first write committed

Revision ID: 0008_handled_updates
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

from storage.schema.types import UtcDateTime

revision = "0008_handled_updates"
down_revision = "0001"  # independent of every other table
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "handled_updates",
        sa.Column("messenger", sa.String(16), primary_key=True),
        sa.Column("update_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column(
            "handled_at", UtcDateTime, nullable=False, server_default=sa.func.current_timestamp()
        ),
    )


def downgrade() -> None:
    op.drop_table("handled_updates")
