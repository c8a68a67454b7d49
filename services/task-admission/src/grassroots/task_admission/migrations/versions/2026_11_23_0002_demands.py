"""Demands, their history and assignments; county policy; registered inspection plans; complaints.

Revision ID: task_admission_0002
Revises: task_admission_0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

from grassroots.common.db.base import BigIntPK, UTCDateTime

revision = "task_admission_0002"
down_revision = "task_admission_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    ts = UTCDateTime()
    op.create_table(
        "demands",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("county", sa.String(12), nullable=False),
        sa.Column("submitter", sa.String(40), nullable=False, index=True),
        sa.Column("submitted_by", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("target_level", sa.String(10), nullable=False),
        sa.Column("targets", sa.JSON, nullable=False),
        sa.Column("deadline", sa.Date, nullable=False),
        sa.Column("duty_item_code", sa.String(40), nullable=True),
        sa.Column("urgent", sa.Boolean, nullable=False),
        sa.Column("urgent_reason", sa.Text, nullable=True),
        sa.Column("clarities", sa.JSON, nullable=False),
        sa.Column("support", sa.JSON, nullable=False),
        sa.Column("funding_yuan", sa.Float, nullable=False),
        sa.Column("form_code", sa.String(40), nullable=True),
        sa.Column("form_fields", sa.JSON, nullable=False),
        sa.Column("inspection_plan_id", sa.String(64), nullable=True),
        sa.Column("status", sa.String(20), nullable=False, index=True),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("decision", sa.JSON, nullable=False),
        sa.Column("catalog_version", sa.String(64), nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("created_at", ts, nullable=False),
        sa.Column("updated_at", ts, nullable=False),
    )
    op.create_index("ix_demands_county_created", "demands", ["county", "created_at", "id"])
    op.create_table(
        "demand_history",
        sa.Column("id", BigIntPK, primary_key=True, autoincrement=True),
        sa.Column("demand_id", sa.String(40), sa.ForeignKey("demands.id"), nullable=False),
        sa.Column("at", ts, nullable=False),
        sa.Column("actor_sub", sa.String(200), nullable=False),
        sa.Column("actor_org", sa.String(40), nullable=False),
        sa.Column("action", sa.String(30), nullable=False),
        sa.Column("status_from", sa.String(20), nullable=True),
        sa.Column("status_to", sa.String(20), nullable=False),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("detail", sa.JSON, nullable=False),
    )
    op.create_index("ix_demand_history_demand_id", "demand_history", ["demand_id"])
    op.create_table(
        "demand_assignments",
        sa.Column("id", BigIntPK, primary_key=True, autoincrement=True),
        sa.Column("demand_id", sa.String(40), sa.ForeignKey("demands.id"), nullable=False),
        sa.Column("org", sa.String(40), nullable=False),
        sa.Column("level", sa.String(10), nullable=False),
        sa.Column("parent", sa.String(40), nullable=True),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("dispatched_at", ts, nullable=True),
        sa.Column("received_at", ts, nullable=True),
        sa.Column("completed_at", ts, nullable=True),
        sa.Column("summary", sa.Text, nullable=True),
        sa.Column("on_time", sa.Boolean, nullable=True),
        sa.Column("overdue_emitted_at", ts, nullable=True),
    )
    op.create_index("ix_demand_assignments_demand_id", "demand_assignments", ["demand_id"])
    op.create_index(
        "ix_demand_assignments_org", "demand_assignments", ["org", "demand_id"], unique=True
    )
    op.create_table(
        "county_policies",
        sa.Column("county", sa.String(12), primary_key=True),
        sa.Column("review_mode", sa.String(12), nullable=False),
        sa.Column("min_deadline_working_days", sa.Integer, nullable=False),
        sa.Column("min_clarity_chars", sa.Integer, nullable=False),
        sa.Column("match_min_score", sa.Float, nullable=False),
        sa.Column("disguise_margin", sa.Float, nullable=False),
        sa.Column("updated_at", ts, nullable=False),
        sa.Column("updated_by", sa.String(200), nullable=False),
    )
    op.create_table(
        "registered_inspection_plans",
        sa.Column("plan_id", sa.String(64), primary_key=True),
        sa.Column("county", sa.String(12), nullable=False, index=True),
        sa.Column("department", sa.String(40), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("townships", sa.JSON, nullable=False),
        sa.Column("window_start", sa.Date, nullable=False),
        sa.Column("window_end", sa.Date, nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
    )
    op.create_table(
        "complaints",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("county", sa.String(12), nullable=False),
        sa.Column("complainant", sa.String(40), nullable=False, index=True),
        sa.Column("department", sa.String(40), nullable=False, index=True),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("demand_id", sa.String(40), nullable=True),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("upheld", sa.Boolean, nullable=True),
        sa.Column("ruling_reason", sa.Text, nullable=True),
        sa.Column("ruled_by", sa.String(200), nullable=True),
        sa.Column("filed_by", sa.String(200), nullable=False),
        sa.Column("created_at", ts, nullable=False),
        sa.Column("ruled_at", ts, nullable=True),
    )
    op.create_index("ix_complaints_county_created", "complaints", ["county", "created_at"])


def downgrade() -> None:
    op.drop_table("complaints")
    op.drop_table("registered_inspection_plans")
    op.drop_table("county_policies")
    op.drop_table("demand_assignments")
    op.drop_table("demand_history")
    op.drop_table("demands")
