from datetime import date

from grassroots.common import catalog_versions
from grassroots.common.catalog.validation import validate_catalog
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
