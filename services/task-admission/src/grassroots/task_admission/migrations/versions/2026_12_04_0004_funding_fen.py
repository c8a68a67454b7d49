"""Money in fen: demands.funding_yuan (a float) becomes demands.funding_fen (an integer of fen);
county_policies get `max_deadline_years` (the deadline horizon, default 3).

Existing amounts are rounded to the fen they meant (a float holds two decimals to ~1e-13).

Revision ID: task_admission_0004
Revises: task_admission_0003
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "task_admission_0004"
down_revision = "task_admission_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "demands", sa.Column("funding_fen", sa.BigInteger, nullable=False, server_default="0")
    )
    op.execute("UPDATE demands SET funding_fen = CAST(ROUND(funding_yuan * 100) AS BIGINT)")
    op.drop_column("demands", "funding_yuan")  # SQLite ≥ 3.35 drops a plain column in place
    op.add_column(
        "county_policies",
        sa.Column("max_deadline_years", sa.Integer, nullable=False, server_default="3"),
    )


def downgrade() -> None:
    op.drop_column("county_policies", "max_deadline_years")
    op.add_column(
        "demands", sa.Column("funding_yuan", sa.Float, nullable=False, server_default="0")
    )
    op.execute("UPDATE demands SET funding_yuan = funding_fen / 100.0")
    op.drop_column("demands", "funding_fen")
