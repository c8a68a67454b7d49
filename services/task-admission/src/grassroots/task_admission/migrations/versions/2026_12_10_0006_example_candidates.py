"""Example candidates: demand texts a reviewer re-mapped to another duty item, offered to the
catalog admin as `examples` for the next catalog version (a new, append-only table).

Revision ID: task_admission_0006
Revises: task_admission_0005
Create Date: 2026-12-10
"""

import sqlalchemy as sa
from alembic import op

from grassroots.common.db.base import UTCDateTime

revision = "task_admission_0006"
down_revision = "task_admission_0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "example_candidates",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("county", sa.String(12), nullable=False),
        sa.Column("catalog_version", sa.String(64), nullable=False),
        sa.Column("item_code", sa.String(40), nullable=False),
        sa.Column("matched_code", sa.String(40), nullable=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("demand_id", sa.String(40), nullable=False, unique=True),
        sa.Column("proposed_by", sa.String(200), nullable=False),
        sa.Column("proposed_at", UTCDateTime(), nullable=False),
    )
    op.create_index(
        "ix_example_candidates_county", "example_candidates", ["county", "proposed_at", "id"]
    )


def downgrade() -> None:
    op.drop_index("ix_example_candidates_county", table_name="example_candidates")
    op.drop_table("example_candidates")
