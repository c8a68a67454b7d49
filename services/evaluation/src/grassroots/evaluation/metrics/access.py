"""Who reads metrics: the county's evaluator and auditors every org of it, a ratee its own."""

from __future__ import annotations

from grassroots.common.auth.access import AUDIT, COUNTY_QUERY, Access, FromQuery, Grant
from grassroots.common.auth.principal import ROLES
from grassroots.evaluation.access import EVALUATOR, RATEES

SEE_METRICS = Access(EVALUATOR, Grant(RATEES, "unit"), *AUDIT, target=FromQuery("org"))
RANK = Access(EVALUATOR, *AUDIT, target=COUNTY_QUERY, rows="GET /v1/metrics")
DEFINITIONS = Access(Grant(ROLES, "anyone"), note="the metrics' definitions: no unit's data")
