"""Plumbing: outbox, inbox, idempotency keys, audit log, catalog versions.

Revision ID: task_admission_0001
Revises:
Create Date: 2026-11-23
"""

from grassroots.common.db.migrations import create_plumbing_v1, drop_plumbing_v1

revision = "task_admission_0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_plumbing_v1()


def downgrade() -> None:
    drop_plumbing_v1()
