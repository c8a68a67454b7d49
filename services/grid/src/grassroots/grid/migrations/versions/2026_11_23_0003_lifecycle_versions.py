"""Lifecycle engine: a `version` (the ETag the engine compare-and-swaps) on grid events, whistles
and whistle calls; the calls get their `status`. An event's `revision` becomes its `version`.

Revision ID: grid_0003
Revises: grid_0002
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "grid_0003"
down_revision = "grid_0002"
branch_labels = None
depends_on = None


def _version() -> sa.Column:
    return sa.Column("version", sa.Integer(), nullable=False, server_default="1")


def upgrade() -> None:
    # ADD/DROP COLUMN in place (SQLite ≥ 3.35 too): no table rebuild under the steps' foreign key
    op.add_column("grid_events", _version())
    op.execute("UPDATE grid_events SET version = revision")
    op.execute("ALTER TABLE grid_events DROP COLUMN revision")
    op.add_column("whistles", _version())
    op.add_column("whistle_calls", _version())
    op.add_column(
        "whistle_calls",
        sa.Column("status", sa.String(length=16), nullable=False, server_default="called"),
    )
    op.execute("UPDATE whistle_calls SET status = 'answered' WHERE answered_at IS NOT NULL")


def downgrade() -> None:
    op.execute("ALTER TABLE whistle_calls DROP COLUMN status")
    op.execute("ALTER TABLE whistle_calls DROP COLUMN version")
    op.execute("ALTER TABLE whistles DROP COLUMN version")
    op.add_column(
        "grid_events", sa.Column("revision", sa.Integer(), nullable=False, server_default="1")
    )
    op.execute("UPDATE grid_events SET revision = version")
    op.execute("ALTER TABLE grid_events DROP COLUMN version")
