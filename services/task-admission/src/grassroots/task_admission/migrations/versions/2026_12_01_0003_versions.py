"""Lifecycles: every aggregate with states carries a `version` (compare-and-swap, ETag); an
assignment its own `status`.

demands.revision (the ETag) becomes demands.version; demand_assignments and complaints get
`version`; demand_assignments get `status` (open, received, completed) from their timestamps.

Revision ID: task_admission_0003
Revises: task_admission_0002
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "task_admission_0003"
down_revision = "task_admission_0002"
branch_labels = None
depends_on = None


def _version() -> sa.Column:
    return sa.Column("version", sa.Integer, nullable=False, server_default="1")


def upgrade() -> None:
    op.execute("ALTER TABLE demands RENAME COLUMN revision TO version")
    if op.get_bind().dialect.name != "sqlite":  # SQLite cannot change a default in place
        op.alter_column("demands", "version", server_default="1")
    op.add_column("demand_assignments", _version())
    op.add_column("complaints", _version())
    op.add_column(
        "demand_assignments",
        sa.Column("status", sa.String(12), nullable=False, server_default="open"),
    )
    op.execute(
        "UPDATE demand_assignments SET status = CASE"
        " WHEN completed_at IS NOT NULL THEN 'completed'"
        " WHEN received_at IS NOT NULL THEN 'received' ELSE 'open' END"
    )


def downgrade() -> None:
    op.drop_column("demand_assignments", "status")
    op.drop_column("complaints", "version")
    op.drop_column("demand_assignments", "version")
    if op.get_bind().dialect.name != "sqlite":
        op.alter_column("demands", "version", server_default=None)
    op.execute("ALTER TABLE demands RENAME COLUMN version TO revision")
