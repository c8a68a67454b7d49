"""Matching use cases: rank the active catalog's duty items for a text; learn from reviewers."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common import audit, catalog_versions, pagination
from grassroots.common.auth.principal import Principal
from grassroots.common.problems import not_found
from grassroots.task_admission.matching import repository
from grassroots.task_admission.matching.engine import Match, index_for
from grassroots.task_admission.matching.models import ExampleCandidate
from grassroots.task_admission.matching.schemas import (
    CandidatePage,
    CandidateRead,
    MatchQuery,
    MatchRead,
    MatchResult,
)


async def match(session: AsyncSession, *, county: str, query: MatchQuery, on: date) -> MatchResult:
    """The best duty items of the county's catalog in force for a text."""
    document = await catalog_versions.active_document(session, county, on)
    if document is None:
        raise not_found("现行清单", county)
    found = index_for(document).match(query.text, level=query.level, limit=query.limit)
    return MatchResult(
        county=county,
        catalog_version=document.version,
        matches=[read(m) for m in found],
    )


def read(m: Match) -> MatchRead:
    """A match as the API shows it (in /v1/match and in a demand's decision)."""
    return MatchRead(
        code=m.code,
        title=m.title,
        list=m.list,
        score=m.score,
        matched_terms=list(m.matched_terms),
        similarity=m.similarity,
        lexical=m.lexical,
    )


async def learn(
    session: AsyncSession,
    principal: Principal,
    *,
    county: str,
    catalog_version: str,
    demand_id: str,
    text: str,
    chosen: str,
    matched: str | None,
    now: datetime,
) -> ExampleCandidate | None:
    """A reviewer re-mapped a demand: its text becomes a candidate example of the chosen item
    (audited), in the caller's transaction. Nothing changes in matching until the catalog admin
    publishes a version that carries it. One lesson per demand; none when the gate agreed."""
    if chosen == matched or await repository.candidate_of(session, demand_id) is not None:
        return None
    candidate = ExampleCandidate(
        id=f"ex_{uuid.uuid4().hex}",
        county=county,
        catalog_version=catalog_version,
        item_code=chosen,
        matched_code=matched,
        text=text,
        demand_id=demand_id,
        proposed_by=principal.sub,
        proposed_at=now,
    )
    session.add(candidate)
    changes = {"item_code": chosen, "matched_code": matched, "demand_id": demand_id}
    audit.record(
        session, principal, entity="example_candidate", entity_id=candidate.id,
        action="propose", changes=changes,
    )  # fmt: skip
    return candidate


async def candidates(
    session: AsyncSession, *, county: str, item_code: str | None, cursor: str | None, limit: int
) -> CandidatePage:
    """The county's example candidates, oldest first, for the catalog admin's next version."""
    rows = await repository.candidates(
        session, county=county, item_code=item_code, after=pagination.decode(cursor), limit=limit
    )
    last = rows[-1] if len(rows) == limit else None
    return CandidatePage(
        candidates=[
            CandidateRead(
                id=r.id,
                item_code=r.item_code,
                matched_code=r.matched_code,
                text=r.text,
                demand_id=r.demand_id,
                catalog_version=r.catalog_version,
                proposed_by=r.proposed_by,
                proposed_at=r.proposed_at,
            )
            for r in rows
        ],
        next_cursor=pagination.encode(last.proposed_at, last.id) if last else None,
    )
