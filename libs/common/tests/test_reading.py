"""A GET's session reads without a transaction around its statements (no BEGIN, no COMMIT round
trips), refuses changes and inserts what it adds (audits of reads) at its end; every other
method's session is one transaction."""

import asyncio

import pytest
from sqlalchemy import insert, select, text

from grassroots.common.db.migrations import upgrade_async
from grassroots.common.db.plumbing import AuditRow
from grassroots.common.db.session import Database, ReadOnlySession
from grassroots.common.services import service

XACT_START = text("SELECT xact_start FROM pg_stat_activity WHERE pid = pg_backend_pid()")


async def _two_statements(session) -> tuple[object, object]:
    first = await session.scalar(XACT_START)
    await asyncio.sleep(0.05)
    return first, await session.scalar(XACT_START)


async def test_a_reading_session_runs_each_statement_on_its_own(database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("transaction start times are PostgreSQL's")
    database = Database(database_url)
    try:
        async with database.reading() as session:
            first, second = await _two_statements(session)
        assert first != second  # each statement was a transaction of its own
        async with database.transaction() as session:
            first, second = await _two_statements(session)
        assert first == second  # one transaction around both
    finally:
        await database.dispose()


async def test_a_reading_session_refuses_changes_and_inserts_what_it_adds_at_its_end(
    database_url,
):
    await upgrade_async(service("grid").spec().migrations, database_url)
    database = Database(database_url)
    row = {
        "actor_sub": "x",
        "actor_org": "990101000000",
        "actor_roles": [],
        "entity": "e",
        "entity_id": "1",
        "action": "a",
        "changes": {},
    }
    try:
        async with database.reading() as session:
            assert await session.scalar(select(AuditRow.id).limit(1)) is None  # reads work
            with pytest.raises(ReadOnlySession):
                await session.execute(insert(AuditRow).values(**row))
        async with database.reading() as session:
            session.add(AuditRow(**row))  # the audit of what a read showed
            assert await session.scalar(select(AuditRow.id).limit(1)) is None  # not flushed yet
            with pytest.raises(ReadOnlySession):
                await session.flush()
        async with database.sessions() as session:
            kept = (await session.scalars(select(AuditRow))).all()
        assert [(r.entity, r.action) for r in kept] == [("e", "a")]  # inserted at the end, once
        with pytest.raises(ReadOnlySession):
            async with database.reading() as session:
                kept[0].action = "changed"
                session.add(kept[0])
    finally:
        await database.dispose()
