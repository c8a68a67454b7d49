"""The lifecycle migration keeps what earlier rows meant: a scheme with ratings or a closed
period is frozen, every existing period is closed, versions start at 1."""

import asyncio
from datetime import UTC, datetime

from sqlalchemy import text

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
