"""On PostgreSQL the service's role owns nothing: the enforcement log takes INSERT and SELECT
from it, and nothing else — no UPDATE, DELETE, TRUNCATE, no trigger disabled or dropped, no
`session_replication_role`; the owner runs the migrations."""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from grassroots.common.db.migrations import upgrade_async
from grassroots.common.db.roles import grant_app_role, role_of
from grassroots.common.services import service
from grassroots.testkit.databases import fresh_database

pytestmark = pytest.mark.skipif(
    not os.environ.get("TEST_POSTGRES_URL"), reason="roles exist on PostgreSQL only"
)


@pytest.fixture
async def app_connection(tmp_path):
    role = f"gr_app_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(os.environ["TEST_POSTGRES_URL"])
    await admin.execute(f'CREATE ROLE "{role}" LOGIN')
    try:
        async with fresh_database("postgresql", tmp_path) as owner_url:
            await upgrade_async(service("enforcement").spec().migrations, owner_url)
            await grant_app_role(owner_url, role, append_only=["enforcement_log"])
            url = make_url(owner_url).set(username=role, drivername="postgresql")
            conn = await asyncpg.connect(url.render_as_string(hide_password=False))
            try:
                yield conn
            finally:
                await conn.close()
    finally:
        await admin.execute(f'DROP ROLE IF EXISTS "{role}"')
        await admin.close()


async def _insert_entry(conn) -> None:
    await conn.execute(
        "INSERT INTO enforcement_log (township, seq, kind, case_id, at, actor, body, prev_hash, hash)"
        " VALUES ('990101101000', 1, 'patrol', NULL, $1, 'a', '{}', $2, $2)",
        datetime.now(UTC),
        "0" * 64,
    )


def test_the_role_of_a_url():
    assert role_of("postgresql+asyncpg://app@db:5432/x") == "app"
    assert role_of("sqlite+aiosqlite:///var/x.db") is None


async def test_the_app_role_appends_and_reads_the_log(app_connection):
    await _insert_entry(app_connection)
    assert await app_connection.fetchval("SELECT count(*) FROM enforcement_log") == 1
    await app_connection.execute("UPDATE outbox SET attempts = attempts + 1")  # the rest works


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE enforcement_log SET actor = 'x'",
        "DELETE FROM enforcement_log",
        "TRUNCATE enforcement_log",
        "ALTER TABLE enforcement_log DISABLE TRIGGER ALL",
        "DROP TRIGGER enforcement_log_no_change ON enforcement_log",
        "SET session_replication_role = replica",
        "UPDATE alembic_version SET version_num = 'x'",
    ],
)
async def test_the_app_role_cannot_rewrite_the_log(app_connection, statement):
    await _insert_entry(app_connection)
    with pytest.raises(asyncpg.PostgresError) as caught:
        await app_connection.execute(statement)
    assert caught.value.sqlstate in ("42501",), (statement, caught.value.sqlstate)
    assert await app_connection.fetchval("SELECT count(*) FROM enforcement_log") == 1
