"""Keeps every county's active catalog indexed in this process, so no request pays for it
(a replica that did not serve the publication, or a restarted one, indexes within a minute)."""

from __future__ import annotations

import asyncio
import logging

from grassroots.common import catalog_versions, clock
from grassroots.common.app.periodic import periodic
from grassroots.common.app.runtime import Runtime
from grassroots.common.db import Database, utcnow
from grassroots.task_admission.matching.engine import index_for

log = logging.getLogger(__name__)


async def index_active(database: Database) -> int:
    """Indexes the active version of every county; returns how many are indexed."""
    today = clock.china_date(utcnow())
    async with database.transaction() as session:
        counties = await catalog_versions.counties(session)
        documents = [await catalog_versions.active_document(session, c, today) for c in counties]
    for document in documents:
        if document is not None:
            await asyncio.to_thread(index_for, document)
    return sum(d is not None for d in documents)


async def _index(runtime: Runtime) -> int:
    await index_active(runtime.database)
    return 0  # indexing writes no event


index_loop = periodic("catalog indexing", "index_refresh_seconds", _index)
