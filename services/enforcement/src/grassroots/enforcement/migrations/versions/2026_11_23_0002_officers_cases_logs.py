"""Officers, cases, overdue markers, the hash-chained log and its chain heads.

Revision ID: enforcement_0002
Revises: enforcement_0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

from grassroots.common.db.base import BigIntPK, UTCDateTime

revision = "enforcement_0002"
down_revision = "enforcement_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    ts = UTCDateTime()
    op.create_table(
        "officers",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("township", sa.String(12), nullable=False, index=True),
        sa.Column("user_sub", sa.String(200), nullable=True, index=True),
        sa.Column("certificate_no", sa.String(64), nullable=False, unique=True),
        sa.Column("valid_from", sa.Date, nullable=False),
        sa.Column("valid_until", sa.Date, nullable=False),
        sa.Column("scope", sa.JSON, nullable=False),
        sa.Column("created_at", ts, nullable=False),
    )
    op.create_table(
        "cases",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("township", sa.String(12), nullable=False, index=True),
        sa.Column("item_code", sa.String(40)),
        sa.Column("item_title", sa.String(300)),
        sa.Column("origin_department", sa.String(40)),
        sa.Column("fine_min", sa.Float),
        sa.Column("fine_max", sa.Float),
        sa.Column("source", sa.String(40), nullable=False),
        sa.Column("grid_event_id", sa.String(64), unique=True),
        sa.Column("party_name", sa.String(200)),
        sa.Column("party_id_type", sa.String(16)),
        sa.Column("party_id_no", sa.String(32)),
        sa.Column("facts", sa.Text, nullable=False),
        sa.Column("place", sa.String(300)),
        sa.Column("discovered_at", ts, nullable=False),
        sa.Column("act_date", sa.Date),
        sa.Column("safety_harm", sa.Boolean, nullable=False),
        sa.Column("procedure", sa.String(16), nullable=False),
        sa.Column("state", sa.String(16), nullable=False, index=True),
        sa.Column("officer_ids", sa.JSON, nullable=False),
        sa.Column("filing_extensions", sa.Integer, nullable=False),
        sa.Column("decision_extensions", sa.JSON, nullable=False),
        sa.Column("decision_extension_days", sa.Integer, nullable=False),
        sa.Column("filed_at", ts),
        sa.Column("filed_on_time", sa.Boolean),
        sa.Column("filing_approved_by", sa.String(200)),
        sa.Column("investigated_at", ts),
        sa.Column("notified_at", ts),
        sa.Column("proposed_fine", sa.Float),
        sa.Column("hearing_requested_on", sa.Date),
        sa.Column("hearing_held_on", sa.Date),
        sa.Column("decided_at", ts),
        sa.Column("decision_approved_by", sa.String(200)),
        sa.Column("penalty", sa.String(16)),
        sa.Column("fine_yuan", sa.Float),
        sa.Column("party_present", sa.Boolean),
        sa.Column("served_at", ts),
        sa.Column("service_late_reason", sa.Text),
        sa.Column("executed_at", ts),
        sa.Column("paid_yuan", sa.Float),
        sa.Column("surcharge_yuan", sa.Float),
        sa.Column("closed_at", ts),
        sa.Column("outcome", sa.String(200)),
        sa.Column("transferred_to", sa.String(40)),
        sa.Column("transfer_reason", sa.String(64)),
        sa.Column("created_at", ts, nullable=False),
        sa.Column("updated_at", ts, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_table(
        "case_overdue",
        sa.Column("id", BigIntPK, primary_key=True, autoincrement=True),
        sa.Column("case_id", sa.String(40), nullable=False, index=True),
        sa.Column("township", sa.String(12), nullable=False, index=True),
        sa.Column("limit_name", sa.String(16), nullable=False),
        sa.Column("due", sa.Date, nullable=False),
        sa.Column("detected_at", ts, nullable=False),
        sa.UniqueConstraint("case_id", "limit_name"),
    )
    op.create_table(
        "enforcement_log",
        sa.Column("id", BigIntPK, primary_key=True, autoincrement=True),
        sa.Column("township", sa.String(12), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("case_id", sa.String(40), index=True),
        sa.Column("at", ts, nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("body", sa.JSON, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.UniqueConstraint("township", "seq"),
    )
    op.create_table(
        "enforcement_log_heads",
        sa.Column("township", sa.String(12), primary_key=True),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )


def downgrade() -> None:
    for table in ("enforcement_log_heads", "enforcement_log", "case_overdue", "cases", "officers"):
        op.drop_table(table)
