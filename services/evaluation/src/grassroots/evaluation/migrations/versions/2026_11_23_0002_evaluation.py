"""Evaluation tables: metric projections, schemes, ratings, periods, results, plans, replays.

Revision ID: evaluation_0002
Revises: evaluation_0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

from grassroots.common.db.base import BigIntPK, UTCDateTime

revision = "evaluation_0002"
down_revision = "evaluation_0001"
branch_labels = None
depends_on = None


def _id() -> sa.Column:
    return sa.Column("id", BigIntPK, primary_key=True, autoincrement=True)


def upgrade() -> None:
    ts = UTCDateTime()
    op.create_table(
        "metric_values",
        _id(),
        sa.Column("org", sa.String(64), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("month", sa.Integer, nullable=False),
        sa.Column("metric", sa.String(64), nullable=False),
        sa.Column("numerator", sa.Float, nullable=False),
        sa.Column("denominator", sa.Float, nullable=False),
        sa.UniqueConstraint("org", "year", "month", "metric"),
    )
    op.create_index("ix_metric_values_year_metric", "metric_values", ["year", "metric"])
    op.create_table(
        "metric_events",
        _id(),
        sa.Column("metric", sa.String(64), nullable=False),
        sa.Column("org", sa.String(64), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("month", sa.Integer, nullable=False),
        sa.Column("ce_id", sa.String(64), nullable=False),
        sa.Column("ce_type", sa.String(120), nullable=False),
        sa.Column("numerator", sa.Float, nullable=False),
        sa.Column("denominator", sa.Float, nullable=False),
        sa.UniqueConstraint("metric", "org", "key"),
    )
    op.create_index("ix_metric_events_ce_id", "metric_events", ["ce_id"])
    op.create_index("ix_metric_events_org_year", "metric_events", ["org", "year", "metric"])
    op.create_table(
        "schemes",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("county", sa.String(12), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("direction", sa.String(40), nullable=False),
        sa.Column("indicators", sa.JSON, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("updated_at", ts, nullable=False),
        sa.UniqueConstraint("county", "year", "direction"),
    )
    op.create_table(
        "ratings",
        _id(),
        sa.Column("county", sa.String(12), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("direction", sa.String(40), nullable=False),
        sa.Column("rater", sa.String(64), nullable=False),
        sa.Column("ratee", sa.String(64), nullable=False),
        sa.Column("indicator", sa.String(64), nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("rated_at", ts, nullable=False),
        sa.UniqueConstraint("county", "year", "direction", "rater", "ratee", "indicator"),
    )
    op.create_table(
        "periods",
        _id(),
        sa.Column("county", sa.String(12), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("direction", sa.String(40), nullable=False),
        sa.Column("closed_at", ts, nullable=False),
        sa.Column("closed_by", sa.String(200), nullable=False),
        sa.Column("scheme_version", sa.Integer, nullable=False),
        sa.UniqueConstraint("county", "year", "direction"),
    )
    op.create_table(
        "results",
        _id(),
        sa.Column("county", sa.String(12), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("direction", sa.String(40), nullable=False),
        sa.Column("org", sa.String(64), nullable=False),
        sa.Column("total", sa.Float, nullable=False),
        sa.Column("grade", sa.String(16), nullable=False),
        sa.Column("rank", sa.Integer, nullable=False),
        sa.Column("indicators", sa.JSON, nullable=False),
        sa.UniqueConstraint("county", "year", "direction", "org"),
    )
    op.create_table(
        "inspection_plans",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("county", sa.String(12), nullable=False),
        sa.Column("department", sa.String(64), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("townships", sa.JSON, nullable=False),
        sa.Column("window_start", sa.Date, nullable=False),
        sa.Column("window_end", sa.Date, nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("registered_at", ts, nullable=False),
        sa.Column("decided_by", sa.String(200), nullable=True),
        sa.Column("decided_at", ts, nullable=True),
        sa.Column("reason", sa.Text, nullable=True),
    )
    op.create_index("ix_inspection_plans_county", "inspection_plans", ["county"])
    op.create_table(
        "replay_runs",
        _id(),
        sa.Column("started_by", sa.String(200), nullable=False),
        sa.Column("finished_at", ts, nullable=False),
        sa.Column("events_read", sa.Integer, nullable=False),
        sa.Column("applied", sa.Integer, nullable=False),
        sa.Column("duplicates", sa.Integer, nullable=False),
        sa.Column("skipped_unknown", sa.Integer, nullable=False),
        sa.Column("skipped_types", sa.JSON, nullable=False),
    )


def downgrade() -> None:
    for table in (
        "replay_runs",
        "inspection_plans",
        "results",
        "periods",
        "ratings",
        "schemes",
        "metric_events",
        "metric_values",
    ):
        op.drop_table(table)
