"""The chain head is derived (the entry with the highest seq): `enforcement_log_heads`, a
mutable row an insider could rewind, is dropped. Signed checkpoints of each township's log go
into `enforcement_log_checkpoints`, append-only like the log (a trigger on PostgreSQL).

Revision ID: enforcement_0005
Revises: enforcement_0004
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

from grassroots.common.db.base import BigIntPK, UTCDateTime

revision = "enforcement_0005"
down_revision = "enforcement_0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_table("enforcement_log_heads")
    op.create_table(
        "enforcement_log_checkpoints",
        sa.Column("id", BigIntPK, primary_key=True, autoincrement=True),
        sa.Column("township", sa.String(12), nullable=False),
        sa.Column("origin", sa.String(80), nullable=False),
        sa.Column("tree_size", sa.Integer, nullable=False),
        sa.Column("root_hash", sa.String(64), nullable=False),
        sa.Column("time", UTCDateTime(), nullable=False),
        sa.Column("key_id", sa.String(16), nullable=False),
        sa.Column("signature", sa.String(100), nullable=False),
        sa.Column("previous_size", sa.Integer, nullable=False),
        sa.Column("consistency", sa.JSON, nullable=False),
        sa.UniqueConstraint(
            "township", "tree_size", name="uq_enforcement_log_checkpoints_township_tree_size"
        ),
    )
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        """
        CREATE OR REPLACE FUNCTION enforcement_log_checkpoints_append_only() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION 'enforcement_log_checkpoints is append-only (检查点不得修改或删除): % refused', TG_OP
                USING ERRCODE = 'insufficient_privilege';
        END
        $$ LANGUAGE plpgsql
        """
    )
    op.execute(
        "CREATE TRIGGER enforcement_log_checkpoints_no_change BEFORE UPDATE OR DELETE "
        "ON enforcement_log_checkpoints "
        "FOR EACH ROW EXECUTE FUNCTION enforcement_log_checkpoints_append_only()"
    )
    op.execute(
        "CREATE TRIGGER enforcement_log_checkpoints_no_truncate BEFORE TRUNCATE "
        "ON enforcement_log_checkpoints "
        "FOR EACH STATEMENT EXECUTE FUNCTION enforcement_log_checkpoints_append_only()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "DROP TRIGGER IF EXISTS enforcement_log_checkpoints_no_truncate "
            "ON enforcement_log_checkpoints"
        )
        op.execute(
            "DROP TRIGGER IF EXISTS enforcement_log_checkpoints_no_change "
            "ON enforcement_log_checkpoints"
        )
        op.execute("DROP FUNCTION IF EXISTS enforcement_log_checkpoints_append_only()")
    op.drop_table("enforcement_log_checkpoints")
    op.create_table(
        "enforcement_log_heads",
        sa.Column("township", sa.String(12), primary_key=True),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    # the heads as the log has them (the entry with the highest seq of each township)
    op.execute(
        "INSERT INTO enforcement_log_heads (township, seq, hash) "
        "SELECT l.township, l.seq, l.hash FROM enforcement_log l "
        "JOIN (SELECT township, MAX(seq) AS seq FROM enforcement_log GROUP BY township) h "
        "ON h.township = l.township AND h.seq = l.seq"
    )
