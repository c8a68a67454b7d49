"""Who replays: an operation of one county, by its evaluator or its `ops` (county-level)."""

from __future__ import annotations

from grassroots.common.auth.access import COUNTY_QUERY, Access, Grant

REPLAY = Access(Grant(("evaluator", "ops"), "county"), target=COUNTY_QUERY)
