"""members.role_from_admins: the admin role came from the ADMINS setting (not from the chat)

The setting is the source of truth for the admins it names: one removed from ADMINS loses that
role at the next start-up, unless an admin gave it in the chat (invitation or role change),
which clears the flag. Existing admins with no role decision in the audit log got the role from
the setting: they are marked.

Revision ID: 0007_role_from_admins
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_role_from_admins"
down_revision = "0003"  # members (0001) and the audit log (0003)
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.add_column(
            sa.Column("role_from_admins", sa.Boolean, nullable=False, server_default=sa.false())
        )
    op.execute(
        "UPDATE members SET role_from_admins = TRUE WHERE role = 'admin' AND NOT EXISTS ("
        " SELECT 1 FROM course_audit a WHERE a.subject = 'member' AND a.subject_id = members.id"
        " AND a.action IN ('role.change', 'role.join'))"
    )


def downgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.drop_column("role_from_admins")
