"""The lifecycle migration keeps what earlier rows meant: a scheme with ratings or a closed
period is frozen, every existing period is closed, versions start at 1."""

import asyncio
from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from grassroots.common.db.migrations import upgrade
from grassroots.common.db.session import Database
from grassroots.evaluation.main import MIGRATIONS

AT = datetime(2026, 6, 1, tzinfo=UTC).replace(tzinfo=None)
SCHEME = (
    "INSERT INTO schemes (id, county, year, direction, indicators, version, created_by, "
    "updated_at) VALUES (:id, 'c', :year, 'd', '[]', 3, 'ev', :at)"
)


async def test_existing_rows_get_their_states(database_url):
    await asyncio.to_thread(upgrade, MIGRATIONS, database_url, "evaluation_0002")
    database = Database(database_url)
    try:
        async with database.transaction() as session:
            for sid, year in (("rated", 2024), ("closed", 2025), ("open", 2026)):
                await session.execute(text(SCHEME), {"id": sid, "year": year, "at": AT})
            await session.execute(
                text(
                    "INSERT INTO ratings (county, year, direction, rater, ratee, indicator, "
                    "score, rated_at) VALUES ('c', 2024, 'd', 'r', 'e', 'i', 90, :at)"
                ),
                {"at": AT},
            )
            await session.execute(
                text(
                    "INSERT INTO periods (county, year, direction, closed_at, closed_by, "
                    "scheme_version) VALUES ('c', 2025, 'd', :at, 'ev', 3)"
                ),
                {"at": AT},
            )
        await asyncio.to_thread(upgrade, MIGRATIONS, database_url)
        async with database.sessions() as session:
            schemes = dict((await session.execute(text("SELECT id, status FROM schemes"))).all())
            periods = (await session.execute(text("SELECT status, version FROM periods"))).all()
            versions = (await session.execute(text("SELECT version FROM schemes"))).scalars()
        assert schemes == {"rated": "frozen", "closed": "frozen", "open": "open"}
        assert [tuple(p) for p in periods] == [("closed", 1)]
        assert set(versions) == {3}
    finally:
        await database.dispose()


async def test_results_keep_their_rows_and_may_lack_a_total(database_url):
    """evaluation_0004: existing results stay; an org without data has no total and no rank;
    the witness and archive tables are append-only on PostgreSQL, even for their owner."""
    await asyncio.to_thread(upgrade, MIGRATIONS, database_url, "evaluation_0003")
    database = Database(database_url)
    insert = (
        "INSERT INTO results (county, year, direction, org, total, grade, rank, indicators) "
        "VALUES ('c', 2025, 'd', :org, :total, :grade, :rank, '[]')"
    )
    try:
        async with database.transaction() as session:
            await session.execute(
                text(insert), {"org": "a", "total": 90, "grade": "优秀", "rank": 1}
            )
        await asyncio.to_thread(upgrade, MIGRATIONS, database_url)
        async with database.transaction() as session:
            await session.execute(
                text(insert), {"org": "b", "total": None, "grade": "无数据", "rank": None}
            )
            await session.execute(
                text(
                    "INSERT INTO witness_appended (township, seq, entry_hash, kind, ce_id, "
                    "conflict, received_at) VALUES ('t', 1, 'h', 'k', 'e', false, :at)"
                ),
                {"at": AT},
            )
        async with database.sessions() as session:
            rows = (await session.execute(text("SELECT org, total, rank FROM results"))).all()
        assert sorted(tuple(r) for r in rows) == [("a", 90, 1), ("b", None, None)]
        if database.engine.dialect.name == "postgresql":
            for statement in (
                "UPDATE witness_appended SET entry_hash = 'x'",
                "DELETE FROM witness_appended",
                "TRUNCATE witness_appended",
            ):
                with pytest.raises(DBAPIError):
                    async with database.transaction() as session:
                        await session.execute(text(statement))
    finally:
        await database.dispose()
