"""evaluation's things for the matrix: in 青山镇 of the demo county, through the API.

A year of its own (`YEAR`) so that nothing the county's story does collides with it: the two
schemes, a rating in each direction (青山镇 rates 县市场监督管理局, 县林业局 rates 青山镇), both
periods closed, and one inspection plan 县林业局 files for 青山镇. Where each stands is written
here by hand, from the API's meaning, not from evaluation's resolvers.
"""

from __future__ import annotations

from typing import Any

from county.orgs import FORESTRY, MARKET, QINGSHAN
from county.schemes import D2T, T2D, scheme_body

from authz import Fixtures
from grassroots.common.auth.access import Target
from grassroots.testkit.counties import OURS

EV = "evaluation"
YEAR = 2030
PLAN = {
    "title": "森林防火专项督查（授权矩阵）",
    "kind": "inspection",
    "townships": [QINGSHAN],
    "window_start": f"{YEAR}-03-01",
    "window_end": f"{YEAR}-03-31",
}

COUNTY_TARGET = Target(county=OURS, unit=OURS)
QINGSHAN_TARGET = Target(county=OURS, township=QINGSHAN, unit=QINGSHAN)


def _call(suite: Any, role: str, org: str, method: str, path: str, **kw: Any) -> Any:
    county = None if role == "dept_submitter" else OURS
    with suite.client(EV, role, org, county=county) as client:
        return client.request(method, path, **kw)


def _scheme(suite: Any, direction: str) -> str:
    """The matrix year's scheme of one direction (created once; found again on a rerun)."""
    made = _call(suite, "evaluator", OURS, "POST", "/v1/schemes", json=scheme_body(YEAR, direction))
    if made.status_code == 201:
        return str(made.json()["id"])
    assert made.status_code == 409, made.text
    found = _call(
        suite,
        "evaluator",
        OURS,
        "GET",
        "/v1/schemes",
        params={"year": YEAR, "direction": direction},
    )
    assert found.status_code == 200, found.text
    return str(found.json()[0]["id"])


def _rate(suite: Any, role: str, rater: str, direction: str, ratee: str, indicator: str) -> None:
    body = {"year": YEAR, "direction": direction, "ratee": ratee, "indicator": indicator}
    rated = _call(suite, role, rater, "POST", "/v1/ratings", json={**body, "score": 85})
    # 409: the period was closed by an earlier run, its rating already in
    assert rated.status_code in (200, 201, 409), rated.text


def _close(suite: Any, direction: str) -> None:
    closed = _call(
        suite, "evaluator", OURS, "POST", f"/v1/periods/{YEAR}/close", json={"direction": direction}
    )
    assert closed.status_code in (200, 409), closed.text


def prepare(suite: Any) -> Fixtures:
    """Schemes, ratings, closed periods and a plan of the demo county; where each stands."""
    schemes = {direction: _scheme(suite, direction) for direction in (T2D, D2T)}
    _rate(suite, "township_admin", QINGSHAN, T2D, MARKET, "service")
    _rate(suite, "dept_submitter", FORESTRY, D2T, QINGSHAN, "work")
    for direction in (T2D, D2T):
        _close(suite, direction)
    filed = _call(suite, "dept_submitter", FORESTRY, "POST", "/v1/inspection-plans", json=PLAN)
    assert filed.status_code == 201, filed.text
    plan_id = str(filed.json()["id"])

    scheme_target = Target(county=OURS, unit=OURS)
    plan_target = Target(county=OURS, unit=FORESTRY, parties=frozenset({QINGSHAN}))
    return Fixtures(
        values={
            "year": str(YEAR),  # POST /v1/periods/{year}/close (no target: the caller's county)
            "scheme_id": schemes[D2T],
            "plan_id": plan_id,
            "org": QINGSHAN,  # GET /v1/metrics?org=, GET /v1/results/{org}/explain
            "township": QINGSHAN,  # GET /v1/witness/logs/{township}/...
            "county": OURS,  # ?county= of the county-wide lists and of POST /v1/replay
            "ratee": QINGSHAN,  # POST /v1/ratings {"ratee"}
        },
        targets={
            "scheme_id": scheme_target,
            "plan_id": plan_target,
            "org": QINGSHAN_TARGET,
            "township": QINGSHAN_TARGET,
            "county": COUNTY_TARGET,
            "ratee": QINGSHAN_TARGET,
        },
        # results carry no id of their own (an org code, public in the catalog): their rows are
        # filtered by the explain rule, which evaluation's tests prove
        secrets=[
            (schemes[T2D], "GET /v1/schemes/{scheme_id}", scheme_target),
            (schemes[D2T], "GET /v1/schemes/{scheme_id}", scheme_target),
            (plan_id, "GET /v1/inspection-plans/{plan_id}", plan_target),
        ],
        # no bodies: an allowed call with a near-empty body stops at validation (422), so the
        # matrix never closes a period, rates or decides the plan
        bodies={},
    )
