"""Who closes periods and reads results: the county's evaluator closes and reads every org's,
auditors read their county's (province auditors their province's), a ratee only its own."""

from __future__ import annotations

from grassroots.common.auth.access import (
    AUDIT,
    COUNTY_QUERY,
    Access,
    FromPath,
    Grant,
    Target,
    unit_target,
)
from grassroots.common.catalog.regions import township_of
from grassroots.common.problems import not_found
from grassroots.evaluation.access import EVALUATOR, RATEES
from grassroots.evaluation.periods.models import ResultRow

CLOSE = Access(EVALUATOR)
SEE_RESULT = Access(
    EVALUATOR,
    Grant(RATEES, "unit"),
    *AUDIT,
    target=FromPath("org", unit_target, missing=lambda org: not_found("考核结果", org)),
)
# a ratee may ask for its county's list: it gets its own row (each row under SEE_RESULT)
LIST_RESULTS = Access(
    EVALUATOR,
    Grant(RATEES, "county"),
    *AUDIT,
    target=COUNTY_QUERY,
    rows="GET /v1/results/{org}/explain",
)


def result_target(row: ResultRow) -> Target:
    """Where a stored result stands: its county and its org (a township or a department)."""
    return Target(county=row.county, township=township_of(row.org), unit=row.org)
