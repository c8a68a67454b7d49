"""Matching use case: rank the active catalog's duty items for a text."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common import catalog_versions
from grassroots.common.problems import not_found
from grassroots.task_admission.matching.engine import index_for
from grassroots.task_admission.matching.schemas import MatchQuery, MatchRead, MatchResult


async def match(session: AsyncSession, *, county: str, query: MatchQuery, on: date) -> MatchResult:
    """The best duty items of the county's catalog in force for a text."""
    document = await catalog_versions.active_document(session, county, on)
    if document is None:
        raise not_found("现行清单", county)
    found = index_for(document).match(query.text, level=query.level, limit=query.limit)
    return MatchResult(
        county=county,
        catalog_version=document.version,
        matches=[
            MatchRead(
                code=m.code,
                title=m.title,
                list=m.list,
                score=m.score,
                matched_terms=list(m.matched_terms),
            )
            for m in found
        ],
    )
