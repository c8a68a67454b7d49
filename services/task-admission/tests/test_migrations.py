"""task_admission_0005 (forms) adds its tables beside the demands already there: a filling of
an existing demand, its values and facts are stored; a second filling of the same demand, unit
and period is refused by the key that makes a redelivered event open nothing twice."""

import asyncio
from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from grassroots.common.db.migrations import upgrade
from grassroots.common.db.session import Database
from grassroots.task_admission.main import MIGRATIONS

AT = datetime(2026, 6, 1, tzinfo=UTC).replace(tzinfo=None)
DEMAND = (
    "INSERT INTO demands (id, county, submitter, submitted_by, kind, title, description, "
    "target_level, targets, deadline, urgent, clarities, support, funding_fen, form_code, "
    "form_fields, status, outcome, decision, catalog_version, version, created_at, updated_at) "
    "VALUES ('dm_1', '990101000000', 'd', 's', 'report_form', 't', '', 'village', '[]', "
    "'2026-06-30', false, '{}', '{}', 0, 'F-001', '[]', 'admitted', 'admitted', '{}', '2026.1', "
    "1, :at, :at)"
)
FILLING = (
    "INSERT INTO form_fillings (id, demand_id, county, submitter, form_code, catalog_version, "
    "org, township, period, subject, status, fields_asked, fields_prefilled, opened_at) "
    "VALUES (:id, 'dm_1', '990101000000', 'd', 'F-001', '2026.1', '990101101201', "
    "'990101101000', '2026', 'village', 'open', 2, 0, :at)"
)


async def test_forms_tables_beside_existing_demands(database_url):
    await asyncio.to_thread(upgrade, MIGRATIONS, database_url, "task_admission_0004")
    database = Database(database_url)
    try:
        async with database.transaction() as session:
            await session.execute(text(DEMAND), {"at": AT})
        await asyncio.to_thread(upgrade, MIGRATIONS, database_url)
        async with database.transaction() as session:
            await session.execute(text(FILLING), {"id": "fl_1", "at": AT})
            await session.execute(
                text(
                    "INSERT INTO form_filling_values (filling_id, position, subject, label, "
                    "field_key) VALUES ('fl_1', 0, '990101101201', '户数', 'FD-002')"
                )
            )
            await session.execute(
                text(
                    "INSERT INTO form_facts (county, subject, field_key, value, as_of, "
                    "source_kind, source_id, recorded_at) VALUES ('990101000000', "
                    "'990101101201', 'FD-002', '412', '2025-12-31', 'import', 'hb_1', :at)"
                ),
                {"at": AT},
            )
        async with database.sessions() as session:
            version = (
                await session.execute(text("SELECT version FROM form_fillings WHERE id = 'fl_1'"))
            ).scalar()
        assert version == 1
        with pytest.raises(IntegrityError):
            async with database.transaction() as session:
                await session.execute(text(FILLING), {"id": "fl_2", "at": AT})
    finally:
        await database.dispose()
