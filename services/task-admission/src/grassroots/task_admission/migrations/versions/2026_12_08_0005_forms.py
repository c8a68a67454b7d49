"""Forms filled on the platform (一套表): fillings, their values, the facts they leave and the
history batches imported; all new tables (nothing existing changes).

Revision ID: task_admission_0005
Revises: task_admission_0004
Create Date: 2026-12-08
"""

import sqlalchemy as sa
from alembic import op

from grassroots.common.db.base import BigIntPK, UTCDateTime

revision = "task_admission_0005"
down_revision = "task_admission_0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    ts = UTCDateTime()
    op.create_table(
        "form_fillings",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("demand_id", sa.String(40), sa.ForeignKey("demands.id"), nullable=False),
        sa.Column("county", sa.String(12), nullable=False),
        sa.Column("submitter", sa.String(40), nullable=False),
        sa.Column("form_code", sa.String(40), nullable=False),
        sa.Column("catalog_version", sa.String(64), nullable=False),
        sa.Column("org", sa.String(40), nullable=False),
        sa.Column("township", sa.String(40), nullable=False),
        sa.Column("period", sa.String(10), nullable=False),
        sa.Column("subject", sa.String(12), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("fields_asked", sa.Integer, nullable=False),
        sa.Column("fields_prefilled", sa.Integer, nullable=False),
        sa.Column("rows", sa.Integer, nullable=True),
        sa.Column("fields_confirmed", sa.Integer, nullable=True),
        sa.Column("fields_typed", sa.Integer, nullable=True),
        sa.Column("fields_shared", sa.Integer, nullable=True),
        sa.Column("opened_at", ts, nullable=False),
        sa.Column("submitted_at", ts, nullable=True),
        sa.Column("submitted_by", sa.String(200), nullable=True),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
    )
    op.create_index(
        "ix_form_fillings_demand_org_period",
        "form_fillings",
        ["demand_id", "org", "period"],
        unique=True,
    )
    op.create_index(
        "ix_form_fillings_township", "form_fillings", ["county", "township", "opened_at"]
    )
    op.create_index("ix_form_fillings_period", "form_fillings", ["county", "period", "status"])
    op.create_index("ix_form_fillings_org", "form_fillings", ["org"])
    op.create_table(
        "form_filling_values",
        sa.Column("id", BigIntPK, primary_key=True, autoincrement=True),
        sa.Column("filling_id", sa.String(40), sa.ForeignKey("form_fillings.id"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("subject", sa.String(40), nullable=False),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column("field_key", sa.String(250), nullable=False),
        sa.Column("offered", sa.Text, nullable=True),
        sa.Column("offered_kind", sa.String(10), nullable=True),
        sa.Column("offered_id", sa.String(40), nullable=True),
        sa.Column("offered_as_of", sa.Date, nullable=True),
        sa.Column("value", sa.Text, nullable=True),
        sa.Column("origin", sa.String(10), nullable=True),
        sa.Column("shared_from", sa.String(40), nullable=True),
        sa.Column("answered_at", ts, nullable=True),
    )
    op.create_index(
        "ix_form_filling_values_cell",
        "form_filling_values",
        ["filling_id", "subject", "label"],
        unique=True,
    )
    op.create_index(
        "ix_form_filling_values_subject", "form_filling_values", ["subject", "field_key"]
    )
    op.create_table(
        "form_facts",
        sa.Column("id", BigIntPK, primary_key=True, autoincrement=True),
        sa.Column("county", sa.String(12), nullable=False),
        sa.Column("subject", sa.String(40), nullable=False),
        sa.Column("field_key", sa.String(250), nullable=False),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("as_of", sa.Date, nullable=False),
        sa.Column("source_kind", sa.String(10), nullable=False),
        sa.Column("source_id", sa.String(40), nullable=False),
        sa.Column("recorded_at", ts, nullable=False),
    )
    op.create_index(
        "ix_form_facts_subject", "form_facts", ["county", "subject", "field_key", "as_of"]
    )
    op.create_table(
        "form_history_batches",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("county", sa.String(12), nullable=False),
        sa.Column("form_code", sa.String(40), nullable=False),
        sa.Column("catalog_version", sa.String(64), nullable=False),
        sa.Column("rows", sa.Integer, nullable=False),
        sa.Column("facts", sa.Integer, nullable=False),
        sa.Column("imported_by", sa.String(200), nullable=False),
        sa.Column("importer_org", sa.String(40), nullable=False),
        sa.Column("imported_at", ts, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("form_history_batches")
    op.drop_index("ix_form_facts_subject", table_name="form_facts")
    op.drop_table("form_facts")
    op.drop_index("ix_form_filling_values_subject", table_name="form_filling_values")
    op.drop_index("ix_form_filling_values_cell", table_name="form_filling_values")
    op.drop_table("form_filling_values")
    for index in (
        "ix_form_fillings_org",
        "ix_form_fillings_period",
        "ix_form_fillings_township",
        "ix_form_fillings_demand_org_period",
    ):
        op.drop_index(index, table_name="form_fillings")
    op.drop_table("form_fillings")
