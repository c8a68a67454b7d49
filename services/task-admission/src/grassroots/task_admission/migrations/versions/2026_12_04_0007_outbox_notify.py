"""On PostgreSQL, an insert into the outbox NOTIFYs `grassroots_outbox` on commit: the relay of
every replica wakes at once instead of at its next poll.

Revision ID: task_admission_0007
Revises: task_admission_0006
Create Date: 2026-12-04
"""

from grassroots.common.db.migrations import create_outbox_notify, drop_outbox_notify

revision = "task_admission_0007"
down_revision = "task_admission_0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_outbox_notify()


def downgrade() -> None:
    drop_outbox_notify()
