"""Who manages and reads schemes: the county's evaluator writes; everyone working in the county
reads its schemes (the rules they are rated by), auditors their county's or province's."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.auth.access import AUDIT, COUNTY_QUERY, Access, FromPath, Grant, Target
from grassroots.common.problems import not_found
from grassroots.evaluation.access import COUNTY_STAFF, EVALUATOR
from grassroots.evaluation.schemes import repository


async def scheme_target(session: AsyncSession, scheme_id: str) -> Target | None:
    row = await repository.get(session, scheme_id)
    return Target(county=row.county, unit=row.county) if row is not None else None


AT_SCHEME = FromPath("scheme_id", scheme_target, missing=lambda i: not_found("考核方案", i))
CREATE = Access(EVALUATOR)
REPLACE = Access(EVALUATOR, target=AT_SCHEME)
SEE = Access(Grant(COUNTY_STAFF, "county"), *AUDIT, target=AT_SCHEME)
LIST = Access(
    Grant(COUNTY_STAFF, "county"), *AUDIT, target=COUNTY_QUERY, rows="GET /v1/schemes/{scheme_id}"
)
