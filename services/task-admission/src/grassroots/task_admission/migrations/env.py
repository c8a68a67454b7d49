"""Alembic environment: the suite's shared async runner."""

from grassroots.common.db.migrations import run_env

run_env()
