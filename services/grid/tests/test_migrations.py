"""The lifecycle migration keeps what earlier rows meant: an event's revision becomes its version
(its ETag stays valid), answered calls are `answered`, the others `called`."""

import asyncio
from datetime import UTC, datetime

from sqlalchemy import text

from grassroots.common.db.migrations import upgrade
from grassroots.common.db.session import Database
from grassroots.grid.main import MIGRATIONS

AT = datetime(2026, 6, 1, tzinfo=UTC).replace(tzinfo=None)
EVENT = (
    "INSERT INTO grid_events (id, county, township, category, urgency, description, lon, lat, "
    "reporter, photos, channel, status, step_started_at, any_overdue, created_at, updated_at, "
    "revision) VALUES ('GE1', 'c', 't', 'env', 'ordinary', 'd', 110, 30, 'r', '[]', 'api', "
    "'assigned', :at, false, :at, :at, 4)"
)
WHISTLE = (
    "INSERT INTO whistles (id, township, issue, due_at, status, created_at, created_by) "
    "VALUES ('WH1', 't', 'i', :at, 'open', :at, 'ta')"
)
CALL = (
    "INSERT INTO whistle_calls (whistle_id, department, due_at, answered_at) "
    "VALUES ('WH1', :dept, :at, :answered)"
)


async def test_existing_rows_keep_their_versions_and_get_their_states(database_url):
    await asyncio.to_thread(upgrade, MIGRATIONS, database_url, "grid_0002")
    database = Database(database_url)
    try:
        async with database.transaction() as session:
            await session.execute(text(EVENT), {"at": AT})
            await session.execute(text(WHISTLE), {"at": AT})
            for dept, answered in (("d1", AT), ("d2", None)):
                await session.execute(text(CALL), {"dept": dept, "at": AT, "answered": answered})
        await asyncio.to_thread(upgrade, MIGRATIONS, database_url)
        async with database.sessions() as session:
            event = (await session.execute(text("SELECT version FROM grid_events"))).scalar()
            whistle = (await session.execute(text("SELECT version FROM whistles"))).scalar()
            calls = (
                await session.execute(text("SELECT department, status, version FROM whistle_calls"))
            ).all()
        assert (event, whistle) == (4, 1)
        assert sorted(tuple(c) for c in calls) == [("d1", "answered", 1), ("d2", "called", 1)]
    finally:
        await database.dispose()
