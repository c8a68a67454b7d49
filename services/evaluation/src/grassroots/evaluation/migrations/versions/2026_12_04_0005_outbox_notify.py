"""On PostgreSQL, an insert into the outbox NOTIFYs `grassroots_outbox` on commit: the relay of
every replica wakes at once instead of at its next poll.

Revision ID: evaluation_0005
Revises: evaluation_0004
Create Date: 2026-12-04
"""

from grassroots.common.db.migrations import create_outbox_notify, drop_outbox_notify

revision = "evaluation_0005"
down_revision = "evaluation_0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_outbox_notify()


def downgrade() -> None:
    drop_outbox_notify()
