"""The enforcement log is append-only: on PostgreSQL a trigger refuses UPDATE, DELETE, TRUNCATE.

SQLite has no roles to protect against; there the service simply has no update/delete path.

Revision ID: enforcement_0003
Revises: enforcement_0002
Create Date: 2026-11-23
"""

from alembic import op

revision = "enforcement_0003"
down_revision = "enforcement_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        """
        CREATE OR REPLACE FUNCTION enforcement_log_append_only() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION 'enforcement_log is append-only (执法日志不得修改或删除): % refused', TG_OP
                USING ERRCODE = 'insufficient_privilege';
        END
        $$ LANGUAGE plpgsql
        """
    )
    op.execute(
        "CREATE TRIGGER enforcement_log_no_change BEFORE UPDATE OR DELETE ON enforcement_log "
        "FOR EACH ROW EXECUTE FUNCTION enforcement_log_append_only()"
    )
    op.execute(
        "CREATE TRIGGER enforcement_log_no_truncate BEFORE TRUNCATE ON enforcement_log "
        "FOR EACH STATEMENT EXECUTE FUNCTION enforcement_log_append_only()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS enforcement_log_no_truncate ON enforcement_log")
    op.execute("DROP TRIGGER IF EXISTS enforcement_log_no_change ON enforcement_log")
    op.execute("DROP FUNCTION IF EXISTS enforcement_log_append_only()")
