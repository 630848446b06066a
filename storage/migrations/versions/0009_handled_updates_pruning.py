"""handled_updates: an index by handled_at, for the slot job that deletes rows older than a week

Revision ID: 0009_handled_updates_pruning
Revises: 0008_handled_updates
"""

from alembic import op

revision = "0009_handled_updates_pruning"
down_revision = "0008_handled_updates"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_handled_updates_handled_at", "handled_updates", ["handled_at"])


def downgrade() -> None:
    op.drop_index("ix_handled_updates_handled_at", table_name="handled_updates")
