"""cases.version defaults to 1 in the database too (the `Versioned` mixin's server default).

Revision ID: enforcement_0004
Revises: enforcement_0003
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "enforcement_0004"
down_revision = "enforcement_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.alter_column("version", existing_type=sa.Integer, server_default="1")


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.alter_column("version", existing_type=sa.Integer, server_default=None)
