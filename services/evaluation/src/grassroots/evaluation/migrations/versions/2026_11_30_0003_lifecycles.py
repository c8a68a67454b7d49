"""Lifecycles: a row version on plans, schemes and periods; scheme and period states.

Schemes get `status` (open, or frozen where their period has ratings or is closed; `version`
stays, now also the compare-and-swap column). Periods get `status` and `version` and exist from
their first rating on (open), so their close fields become nullable; existing rows are closed.

Revision ID: evaluation_0003
Revises: evaluation_0002
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

from grassroots.common.db.base import UTCDateTime

revision = "evaluation_0003"
down_revision = "evaluation_0002"
branch_labels = None
depends_on = None

FROZEN = """
UPDATE schemes SET status = 'frozen'
WHERE EXISTS (SELECT 1 FROM ratings r WHERE r.county = schemes.county AND r.year = schemes.year
              AND r.direction = schemes.direction)
   OR EXISTS (SELECT 1 FROM periods p WHERE p.county = schemes.county AND p.year = schemes.year
              AND p.direction = schemes.direction)
"""


def _version() -> sa.Column:
    return sa.Column("version", sa.Integer, nullable=False, server_default="1")


def upgrade() -> None:
    with op.batch_alter_table("inspection_plans") as batch:
        batch.add_column(_version())
    with op.batch_alter_table("schemes") as batch:
        batch.add_column(sa.Column("status", sa.String(16), nullable=False, server_default="open"))
        batch.alter_column("version", existing_type=sa.Integer, server_default="1")
    op.execute(FROZEN)
    with op.batch_alter_table("periods") as batch:
        batch.add_column(
            sa.Column("status", sa.String(16), nullable=False, server_default="closed")
        )
        batch.add_column(_version())
        for name, kind in (
            ("closed_at", UTCDateTime()),
            ("closed_by", sa.String(200)),
            ("scheme_version", sa.Integer()),
        ):
            batch.alter_column(name, existing_type=kind, nullable=True)
    with op.batch_alter_table("periods") as batch:
        batch.alter_column("status", existing_type=sa.String(16), server_default=None)


def downgrade() -> None:
    op.execute("DELETE FROM periods WHERE status <> 'closed'")
    with op.batch_alter_table("periods") as batch:
        for name, kind in (
            ("closed_at", UTCDateTime()),
            ("closed_by", sa.String(200)),
            ("scheme_version", sa.Integer()),
        ):
            batch.alter_column(name, existing_type=kind, nullable=False)
        batch.drop_column("version")
        batch.drop_column("status")
    with op.batch_alter_table("schemes") as batch:
        batch.drop_column("status")
        batch.alter_column("version", existing_type=sa.Integer, server_default=None)
    with op.batch_alter_table("inspection_plans") as batch:
        batch.drop_column("version")
