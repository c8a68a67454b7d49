"""Alembic helpers: one env.py body for every service, the plumbing migration, upgrade to head."""

from __future__ import annotations

import asyncio
from pathlib import Path

import sqlalchemy as sa
from alembic import command, context, op
from alembic.config import Config
from sqlalchemy.engine import Connection

from grassroots.common.db.base import Base, BigIntPK, UTCDateTime
from grassroots.common.db.session import make_engine


def alembic_config(migrations_dir: Path, database_url: str) -> Config:
    """A config pointing at a service's migrations folder and database."""
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir))
    cfg.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return cfg


def upgrade(migrations_dir: Path, database_url: str, revision: str = "head") -> None:
    """Runs a service's migrations (blocking; call from a thread inside an event loop)."""
    command.upgrade(alembic_config(migrations_dir, database_url), revision)


async def upgrade_async(migrations_dir: Path, database_url: str) -> None:
    """`upgrade` without blocking the running loop."""
    await asyncio.to_thread(upgrade, migrations_dir, database_url)


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def run_env() -> None:
    """The body of every service's migrations/env.py (online mode, async engine)."""
    url = context.config.get_main_option("sqlalchemy.url")
    assert url, "sqlalchemy.url is not set"

    async def main() -> None:
        engine = make_engine(url)
        async with engine.connect() as conn:
            await conn.run_sync(_run)
            await conn.commit()
        await engine.dispose()

    asyncio.run(main())


def create_plumbing_v1() -> None:
    """First migration of every service: outbox, inbox, idempotency, audit, catalog versions (frozen)."""
    ts = UTCDateTime()
    op.create_table(
        "outbox",
        sa.Column("id", BigIntPK, primary_key=True, autoincrement=True),
        sa.Column("topic", sa.String(200), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("shard", sa.Integer, nullable=False),
        sa.Column("ce_id", sa.String(64), nullable=False, unique=True),
        sa.Column("ce_type", sa.String(120), nullable=False),
        sa.Column("headers", sa.JSON, nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("created_at", ts, nullable=False),
        sa.Column("sent_at", ts, nullable=True),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("last_error", sa.Text, nullable=True),
    )
    op.create_index("ix_outbox_pending", "outbox", ["shard", "sent_at", "id"])
    op.create_table(
        "inbox",
        sa.Column("id", BigIntPK, primary_key=True, autoincrement=True),
        sa.Column("consumer_group", sa.String(200), nullable=False),
        sa.Column("ce_id", sa.String(64), nullable=False),
        sa.Column("ce_type", sa.String(120), nullable=False),
        sa.Column("topic", sa.String(200), nullable=False),
        sa.Column("partition", sa.Integer, nullable=False),
        sa.Column("offset", sa.BigInteger, nullable=False),
        sa.Column("handled_at", ts, nullable=False),
        sa.UniqueConstraint("consumer_group", "ce_id"),
    )
    op.create_table(
        "idempotency_keys",
        sa.Column("id", BigIntPK, primary_key=True, autoincrement=True),
        sa.Column("scope", sa.String(300), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("request_hash", sa.String(64), nullable=False),
        sa.Column("status", sa.Integer, nullable=True),
        sa.Column("headers", sa.JSON, nullable=True),
        sa.Column("body", sa.Text, nullable=True),
        sa.Column("created_at", ts, nullable=False),
        sa.UniqueConstraint("scope", "key"),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", BigIntPK, primary_key=True, autoincrement=True),
        sa.Column("at", ts, nullable=False),
        sa.Column("actor_sub", sa.String(200), nullable=False),
        sa.Column("actor_org", sa.String(64), nullable=False),
        sa.Column("actor_roles", sa.JSON, nullable=False),
        sa.Column("request_id", sa.String(64), nullable=True),
        sa.Column("entity", sa.String(64), nullable=False),
        sa.Column("entity_id", sa.String(64), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("changes", sa.JSON, nullable=False),
    )
    op.create_index("ix_audit_entity", "audit_log", ["entity", "entity_id"])
    op.create_table(
        "catalog_versions",
        sa.Column("id", BigIntPK, primary_key=True, autoincrement=True),
        sa.Column("county", sa.String(12), nullable=False),
        sa.Column("version", sa.String(64), nullable=False),
        sa.Column("effective_from", sa.Date, nullable=False),
        sa.Column("document", sa.JSON, nullable=False),
        sa.Column("stored_at", ts, nullable=False),
        sa.UniqueConstraint("county", "version"),
    )


def drop_plumbing_v1() -> None:
    """Downgrade of `create_plumbing_v1`."""
    for table in ("catalog_versions", "audit_log", "idempotency_keys", "inbox", "outbox"):
        op.drop_table(table)


# PostgreSQL only: every statement inserting into the outbox NOTIFYs its channel (delivered when
# the transaction commits, once per transaction), so a relay of any replica wakes at once
# (`messaging.notify`). No round trip is added to the writing request.
_OUTBOX_NOTIFY = [
    """CREATE OR REPLACE FUNCTION grassroots_outbox_notify() RETURNS trigger
    LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_notify('grassroots_outbox', ''); RETURN NULL; END $$""",
    """CREATE TRIGGER outbox_notify AFTER INSERT ON outbox
    FOR EACH STATEMENT EXECUTE FUNCTION grassroots_outbox_notify()""",
]


def create_outbox_notify() -> None:
    """The outbox trigger that wakes relays on PostgreSQL (nothing on SQLite: one relay)."""
    if op.get_bind().dialect.name == "postgresql":
        for statement in _OUTBOX_NOTIFY:
            op.execute(statement)


def drop_outbox_notify() -> None:
    """Downgrade of `create_outbox_notify`."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS outbox_notify ON outbox")
        op.execute("DROP FUNCTION IF EXISTS grassroots_outbox_notify()")
