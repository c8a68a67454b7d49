from datetime import date

from sqlalchemy import insert

from grassroots.common import catalog_versions
from grassroots.common.catalog.validation import validate_catalog
from grassroots.common.db.base import utcnow
from grassroots.common.db.migrations import upgrade_async
from grassroots.common.db.session import Database
from grassroots.common.services import service
from grassroots.dev.demo_catalog import demo_catalog

MIGRATIONS = service("grid").spec().migrations


async def test_active_version_and_county_lookups(database_url):
    await upgrade_async(MIGRATIONS, database_url)
    database = Database(database_url)
    doc = validate_catalog(demo_catalog()).model_dump(mode="json", exclude_none=True)
    later = validate_catalog(demo_catalog(version="2027.1", effective_from="2027-01-01"))
    async with database.transaction() as session:
        assert await catalog_versions.store(
            session, "990101000000", "2026.1", date(2026, 1, 1), doc
        )
        assert not await catalog_versions.store(
            session, "990101000000", "2026.1", date(2026, 1, 1), doc
        )
        await catalog_versions.store(
            session,
            "990101000000",
            "2027.1",
            date(2027, 1, 1),
            later.model_dump(mode="json", exclude_none=True),
        )
    async with database.sessions() as session:
        on_2026 = await catalog_versions.active_document(session, "990101000000", date(2026, 6, 1))
        on_2027 = await catalog_versions.active_document(session, "990101000000", date(2027, 6, 1))
        assert (on_2026.version, on_2027.version) == ("2026.1", "2027.1")
        assert (
            await catalog_versions.active_document(session, "990101000000", date(2025, 1, 1))
            is None
        )
        department = on_2026.departments()[0].code
        assert (
            await catalog_versions.county_of_org(session, department, date(2026, 6, 1))
            == "990101000000"
        )
        assert (
            await catalog_versions.county_of_org(session, "990101101000", date(2026, 6, 1))
            == "990101000000"
        )
        assert (
            await catalog_versions.county_of_org(session, "91110000600037341L", date(2026, 6, 1))
            is None
        )
    await database.dispose()


async def _stored_elsewhere(database_url: str, version: str, effective_from: date, doc) -> None:
    """Another replica stores a version: a row this process was not told about."""
    other = Database(database_url)
    async with other.engine.begin() as connection:
        await connection.execute(
            insert(catalog_versions.CatalogVersionRow).values(
                county="990101000000", version=version, effective_from=effective_from,
                document=doc, stored_at=utcnow(),
            )
        )  # fmt: skip
    await other.dispose()


async def _stored_by_another_pool(database_url: str, version: str, effective_from: date, doc):
    """This process stores a version through another engine (a consumer on its own loop)."""
    other = Database(database_url, pool_size=1)
    async with other.transaction() as session:
        await catalog_versions.store(session, "990101000000", version, effective_from, doc)
    await other.dispose()


async def test_the_version_in_force_is_read_once_a_second_and_a_local_store_is_seen_at_once(
    database_url, monkeypatch
):
    await upgrade_async(MIGRATIONS, database_url)
    database = Database(database_url)
    county, on = "990101000000", date(2026, 6, 1)

    def doc(version: str, effective_from: str) -> dict:
        parsed = validate_catalog(demo_catalog(version=version, effective_from=effective_from))
        return parsed.model_dump(mode="json", exclude_none=True)

    async def in_force(reading: bool = False) -> str | None:
        sessions = database.reading if reading else database.sessions
        async with sessions() as session:
            found = await catalog_versions.active_document(session, county, on)
        return found.version if found else None

    assert await in_force() is None  # remembered: no catalog yet
    assert await in_force(reading=True) is None  # a GET's session shares that memory
    async with database.transaction() as session:
        await catalog_versions.store(
            session, county, "2026.1", date(2026, 1, 1), doc("2026.1", "2026-01-01")
        )
        # the storing transaction reads what it stored, whatever is remembered
        assert (await catalog_versions.active_document(session, county, on)).version == "2026.1"
    assert await in_force() == "2026.1"  # this process's commit forgot what it remembered
    assert await in_force(reading=True) == "2026.1"

    await _stored_elsewhere(database_url, "2026.2", date(2026, 3, 1), doc("2026.2", "2026-03-01"))
    assert await in_force() == "2026.1"  # another replica's version: not before a second
    monkeypatch.setattr(catalog_versions, "REMEMBERED", 0.0)
    assert await in_force() == "2026.2"

    async with database.transaction() as session:  # a rolled-back store forgets nothing
        await catalog_versions.store(
            session, county, "2026.3", date(2026, 4, 1), doc("2026.3", "2026-04-01")
        )
        await session.rollback()
    assert await in_force() == "2026.2"

    monkeypatch.setattr(catalog_versions, "REMEMBERED", 3600.0)
    assert await in_force(reading=True) == "2026.2"  # remembered again
    await _stored_by_another_pool(
        database_url, "2026.4", date(2026, 5, 1), doc("2026.4", "2026-05-01")
    )
    assert await in_force(reading=True) == "2026.4"  # same database: forgotten at its commit
    await database.dispose()
