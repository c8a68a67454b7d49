"""The witness of the enforcement logs, the archive of consumed facts, replay scope and source,
and results without data (no total, no rank).

- `witness_appended`, `witness_checkpoints`: append-only (PostgreSQL: a trigger refuses UPDATE,
  DELETE and TRUNCATE; the app role gets only INSERT and SELECT);
- `consumed_events`: every fact a handler of evaluation applied, append-only likewise;
- `replay_runs.source` (broker | archive), `replay_runs.county` (None: every county);
- `results.total`, `results.rank` nullable: an org left out for want of data has neither.

Revision ID: evaluation_0004
Revises: evaluation_0003
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

from grassroots.common.db.base import BigIntPK, UTCDateTime

revision = "evaluation_0004"
down_revision = "evaluation_0003"
branch_labels = None
depends_on = None

APPEND_ONLY = ("witness_appended", "witness_checkpoints", "consumed_events")


def _id() -> sa.Column:
    return sa.Column("id", BigIntPK, primary_key=True, autoincrement=True)


def upgrade() -> None:
    ts = UTCDateTime()
    op.create_table(
        "witness_appended",
        _id(),
        sa.Column("township", sa.String(12), nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("entry_hash", sa.String(128), nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("case_id", sa.String(64), nullable=True),
        sa.Column("ce_id", sa.String(64), nullable=False),
        sa.Column("conflict", sa.Boolean, nullable=False),
        sa.Column("received_at", ts, nullable=False),
        sa.UniqueConstraint("township", "seq", "entry_hash"),
    )
    op.create_index("ix_witness_appended_position", "witness_appended", ["township", "seq"])
    op.create_table(
        "witness_checkpoints",
        _id(),
        sa.Column("township", sa.String(12), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("origin", sa.String(200), nullable=False),
        sa.Column("tree_size", sa.BigInteger, nullable=False),
        sa.Column("root_hash", sa.String(128), nullable=False),
        sa.Column("time", ts, nullable=False),
        sa.Column("key_id", sa.String(64), nullable=False),
        sa.Column("signature", sa.String(200), nullable=False),
        sa.Column("previous_size", sa.BigInteger, nullable=False),
        sa.Column("consistency", sa.JSON, nullable=False),
        sa.Column("ce_id", sa.String(64), nullable=False),
        sa.Column("signature_ok", sa.Boolean, nullable=False),
        sa.Column("consistent", sa.Boolean, nullable=True),
        sa.Column("finding", sa.String(40), nullable=True),
        sa.Column("detail", sa.Text, nullable=True),
        sa.Column("received_at", ts, nullable=False),
        sa.UniqueConstraint("township", "digest"),
    )
    op.create_index(
        "ix_witness_checkpoints_township", "witness_checkpoints", ["township", "tree_size"]
    )
    op.create_table(
        "consumed_events",
        _id(),
        sa.Column("ce_id", sa.String(64), nullable=False, unique=True),
        sa.Column("ce_type", sa.String(120), nullable=False),
        sa.Column("topic", sa.String(200), nullable=False),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("time", ts, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("archived_at", ts, nullable=False),
    )
    with op.batch_alter_table("replay_runs") as batch:
        batch.add_column(
            sa.Column("source", sa.String(16), nullable=False, server_default="broker")
        )
        batch.add_column(sa.Column("county", sa.String(12), nullable=True))
    with op.batch_alter_table("results") as batch:
        batch.alter_column("total", existing_type=sa.Float, nullable=True)
        batch.alter_column("rank", existing_type=sa.Integer, nullable=True)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            """
            CREATE OR REPLACE FUNCTION evaluation_append_only() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
            END;
            $$ LANGUAGE plpgsql
            """
        )
        for table in APPEND_ONLY:
            op.execute(
                f"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION evaluation_append_only()"
            )
            op.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION evaluation_append_only()"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in APPEND_ONLY:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_change ON {table}")
        op.execute("DROP FUNCTION IF EXISTS evaluation_append_only()")
    with op.batch_alter_table("results") as batch:
        batch.alter_column("rank", existing_type=sa.Integer, nullable=False)
        batch.alter_column("total", existing_type=sa.Float, nullable=False)
    with op.batch_alter_table("replay_runs") as batch:
        batch.drop_column("county")
        batch.drop_column("source")
    op.drop_table("consumed_events")
    op.drop_index("ix_witness_checkpoints_township", "witness_checkpoints")
    op.drop_table("witness_checkpoints")
    op.drop_index("ix_witness_appended_position", "witness_appended")
    op.drop_table("witness_appended")
