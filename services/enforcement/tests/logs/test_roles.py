"""On PostgreSQL the service's role may only INSERT into and SELECT from both append-only tables
(`ServiceSpec.append_only`, granted by grassroots-migrate): the checkpoints as well as the log. And the migration that made the head derived downgrades."""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from grassroots.common.db.migrations import upgrade_async
from grassroots.common.db.roles import grant_app_role
from grassroots.enforcement.main import spec
from grassroots.testkit.databases import fresh_database

postgres_only = pytest.mark.skipif(
    not os.environ.get("TEST_POSTGRES_URL"), reason="roles exist on PostgreSQL only"
)


def test_both_log_tables_are_append_only():
    assert set(spec().append_only) == {"enforcement_log", "enforcement_log_checkpoints"}


@pytest.fixture
async def app_connection(tmp_path):
    role = f"gr_app_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(os.environ["TEST_POSTGRES_URL"])
    await admin.execute(f'CREATE ROLE "{role}" LOGIN')
    try:
        async with fresh_database("postgresql", tmp_path) as owner_url:
            service = spec()
            await upgrade_async(service.migrations, owner_url)
            await grant_app_role(owner_url, role, append_only=service.append_only)
            url = make_url(owner_url).set(username=role, drivername="postgresql")
            conn = await asyncpg.connect(url.render_as_string(hide_password=False))
            try:
                yield conn
            finally:
                await conn.close()
    finally:
        await admin.execute(f'DROP ROLE IF EXISTS "{role}"')
        await admin.close()


async def _insert_checkpoint(conn) -> None:
    await conn.execute(
        "INSERT INTO enforcement_log_checkpoints (township, origin, tree_size, root_hash, time,"
        " key_id, signature, previous_size, consistency)"
        " VALUES ('990101101000', 'o', 1, $1, $2, 'k', 's', 0, '[]')",
        "0" * 64,
        datetime.now(UTC),
    )


@postgres_only
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE enforcement_log_checkpoints SET root_hash = 'x'",
        "DELETE FROM enforcement_log_checkpoints",
        "TRUNCATE enforcement_log_checkpoints",
        "ALTER TABLE enforcement_log_checkpoints DISABLE TRIGGER ALL",
        "DROP TRIGGER enforcement_log_checkpoints_no_change ON enforcement_log_checkpoints",
    ],
)
async def test_the_app_role_cannot_rewrite_checkpoints(app_connection, statement):
    await _insert_checkpoint(app_connection)
    with pytest.raises(asyncpg.PostgresError) as caught:
        await app_connection.execute(statement)
    assert caught.value.sqlstate == "42501", (statement, caught.value.sqlstate)
    assert await app_connection.fetchval("SELECT count(*) FROM enforcement_log_checkpoints") == 1


async def test_the_migration_downgrades_to_derived_heads(database_url):
    """enforcement_0005 down: the heads table comes back filled from the log; up again: gone."""
    import asyncio

    from alembic import command
    from sqlalchemy import text

    from grassroots.common.db.migrations import alembic_config
    from grassroots.common.db.session import Database

    migrations = spec().migrations
    await upgrade_async(migrations, database_url)
    database = Database(database_url)
    try:
        async with database.transaction() as session:
            for seq in (1, 2):
                await session.execute(
                    text(
                        "INSERT INTO enforcement_log (township, seq, kind, at, actor, body,"
                        " prev_hash, hash) VALUES ('990101101000', :seq, 'patrol', :at, 'a',"
                        " '{}', :h, :h)"
                    ),
                    {"seq": seq, "at": datetime.now(UTC), "h": str(seq) * 64},
                )
        config = alembic_config(migrations, database_url)
        await asyncio.to_thread(command.downgrade, config, "enforcement_0004")
        async with database.transaction() as session:
            heads = (
                await session.execute(text("SELECT seq, hash FROM enforcement_log_heads"))
            ).all()
        assert [tuple(h) for h in heads] == [(2, "2" * 64)]
        await upgrade_async(migrations, database_url)
        async with database.transaction() as session:
            count = await session.scalar(text("SELECT count(*) FROM enforcement_log_checkpoints"))
        assert count == 0
    finally:
        await database.dispose()
