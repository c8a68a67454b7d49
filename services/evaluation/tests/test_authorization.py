"""Authorization (DESIGN §1): no token, no access; evaluators manage; auditors read, change nothing."""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pytest
from evaluationtest_support import (
    DEPT_A,
    DEPT_B,
    TWP_A,
    TWP_B,
    deliver,
    envelope,
    token,
)

from grassroots.common import catalog_versions
from grassroots.common.events.grid import GridEventClosed
from grassroots.testkit.counties import OURS, THEIRS, neighbour_catalog, theirs

D2T = "department_rates_township"
CALLS = [
    ("GET", "/v1/metrics", {"org": TWP_A, "year": 2026}, None),
    ("GET", "/v1/metrics/ranking", {"metric": "twp.response_rate", "year": 2026}, None),
    ("GET", "/v1/schemes", None, None),
    ("POST", "/v1/schemes", None, {"year": 2026, "direction": D2T, "indicators": []}),
    (
        "POST",
        "/v1/ratings",
        None,
        {"year": 2026, "direction": D2T, "ratee": TWP_A, "indicator": "a", "score": 1},
    ),
    ("POST", "/v1/periods/2026/close", None, {"direction": D2T}),
    ("GET", "/v1/results", {"year": 2026, "direction": D2T}, None),
    ("GET", f"/v1/results/{TWP_A}/explain", {"year": 2026, "direction": D2T}, None),
    ("POST", "/v1/inspection-plans", None, {}),
    ("GET", "/v1/inspection-plans", None, None),
    ("POST", "/v1/replay", None, None),
]


async def test_every_route_needs_a_token(evaluation):
    _, client = evaluation
    for method, path, params, body in CALLS:
        response = await client.request(method, path, params=params, json=body)
        assert response.status_code == 401, (method, path)


@pytest.mark.parametrize(
    ("role", "org", "method", "path", "body"),
    [
        ("auditor", "990101000000", "POST", "/v1/periods/2026/close", {"direction": D2T}),
        ("township_admin", TWP_A, "POST", "/v1/periods/2026/close", {"direction": D2T}),
        ("dept_submitter", DEPT_A, "POST", "/v1/replay", None),
        ("auditor", "990101000000", "POST", "/v1/replay", None),
        ("auditor", "990101000000", "POST", "/v1/inspection-plans/x/approve", None),
        ("dept_submitter", DEPT_A, "POST", "/v1/inspection-plans/x/refuse", {"reason": "r"}),
        ("township_admin", TWP_A, "GET", "/v1/metrics?org=990101102000&year=2026", None),
    ],
)
async def test_refused_roles(evaluation, role, org, method, path, body):
    app, client = evaluation
    headers = token(app, role, org=org, county=None if role == "dept_submitter" else "990101000000")
    response = await client.request(method, path, json=body, headers=headers)
    assert response.status_code == 403, response.text


# --- issue 14: one authorization model; every example of the issue, named after what it proves

PROVINCE = "990000000000"
T2D = "township_rates_department"
THEIR_TWP = "990102101000"
THEIR_DEPT = theirs(DEPT_A)
ENVIRONMENT = DEPT_B  # a department that filed nothing


@pytest.fixture
async def two_counties(evaluation):
    """Ours with a scheme, a rating, a closed period, metrics and a plan; theirs published."""
    app, client = evaluation
    w = Counties(app, client)
    document = neighbour_catalog()
    async with app.state.database.transaction() as session:
        await catalog_versions.store(
            session, THEIRS, document["version"], date(2026, 1, 1), document
        )
    scheme = {
        "year": 2026,
        "direction": D2T,
        "indicators": [
            {
                "code": "work",
                "name": "部门评价",
                "weight": 100,
                "source": "rating",
                "duty_item_codes": ["T-B-002"],
            }
        ],
    }
    created = await client.post("/v1/schemes", json=scheme, headers=w.ours("evaluator"))
    assert created.status_code == 201, created.text
    for twp in (TWP_A, TWP_B):
        rated = await client.post(
            "/v1/ratings",
            json={"year": 2026, "direction": D2T, "ratee": twp, "indicator": "work", "score": 80},
            headers=w.dept(DEPT_A),
        )
        assert rated.status_code == 201, rated.text
    await deliver(app, envelope(grid_closed(TWP_A)))
    closed = await client.post(
        "/v1/periods/2026/close", json={"direction": D2T}, headers=w.ours("evaluator")
    )
    assert closed.status_code == 200, closed.text
    filed = await client.post("/v1/inspection-plans", json=PLAN, headers=w.dept(DEPT_A))
    assert filed.status_code == 201, filed.text
    w.scheme_id, w.plan_id = created.json()["id"], filed.json()["id"]
    return w


PLAN = {
    "title": "森林防火专项督查",
    "kind": "inspection",
    "townships": [TWP_A],
    "window_start": "2026-03-01",
    "window_end": "2026-03-31",
}


@dataclass
class Counties:
    """The app under test with both counties published, and what ours holds."""

    app: Any
    client: Any
    scheme_id: str = ""
    plan_id: str = ""

    def token(self, role: str, org: str, county: str | None = None) -> dict[str, str]:
        return token(self.app, role, org=org, county=county)

    def ours(self, role: str, org: str = OURS) -> dict[str, str]:
        return self.token(role, org, OURS)

    def theirs(self, role: str, org: str = THEIRS) -> dict[str, str]:
        return self.token(role, org, THEIRS)

    def dept(self, org: str) -> dict[str, str]:
        return self.token("dept_submitter", org)


def grid_closed(township: str) -> GridEventClosed:
    return GridEventClosed(
        grid_event_id=f"g-{township}",
        township=township,
        grid_id=None,
        category="c",
        urgency="normal",
        at=datetime(2026, 5, 5, 3, tzinfo=UTC),
        resolved=True,
        on_time=True,
    )


THEIR_PRINCIPALS = [
    ("evaluator", THEIRS),
    ("auditor", THEIRS),
    ("township_admin", THEIR_TWP),
    ("dept_submitter", THEIR_DEPT),
]


@pytest.mark.parametrize(("role", "org"), THEIR_PRINCIPALS)
async def test_another_countys_principals_cannot_read_our_townships_metrics(
    two_counties, role, org
):
    w = two_counties
    client = w.client
    read = await client.get(
        "/v1/metrics", params={"org": TWP_A, "year": 2026}, headers=w.theirs(role, org)
    )
    assert read.status_code == 403 and read.json()["code"] == "AUTH-SCOPE", read.text
    assert "numerator" not in read.text


@pytest.mark.parametrize(("role", "org"), THEIR_PRINCIPALS)
async def test_another_countys_principals_cannot_read_our_results_schemes_plans_or_ranking(
    two_counties, role, org
):
    w = two_counties
    client = w.client
    who = w.theirs(role, org)
    asked_for_ours = [
        ("/v1/results", {"year": 2026, "direction": D2T, "county": OURS}),
        (
            "/v1/metrics/ranking",
            {"metric": "twp.grid_closed_on_time", "year": 2026, "county": OURS},
        ),
        ("/v1/schemes", {"county": OURS}),
        ("/v1/inspection-plans", {"county": OURS}),
    ]
    for path, params in asked_for_ours:
        refused = await client.get(path, params=params, headers=who)
        assert refused.status_code == 403, (path, refused.text)
    for path in (
        f"/v1/results/{TWP_A}/explain?year=2026&direction={D2T}",
        f"/v1/schemes/{w.scheme_id}",
        f"/v1/inspection-plans/{w.plan_id}",
    ):
        hidden = await client.get(path, headers=who)
        assert hidden.status_code in (403, 404), (path, hidden.text)
        assert hidden.status_code == 404 or hidden.json()["code"] == "AUTH-ROLE"
    # their own county's lists (the default) hold nothing of ours
    for path, params in (
        ("/v1/schemes", {}),
        ("/v1/inspection-plans", {}),
        ("/v1/metrics/ranking", {"metric": "twp.grid_closed_on_time", "year": 2026}),
    ):
        own = await client.get(path, params=params, headers=who)
        assert w.scheme_id not in own.text and w.plan_id not in own.text and TWP_A not in own.text


async def test_replay_by_another_countys_evaluator_or_ops_never_rebuilds_ours(two_counties):
    w = two_counties
    client = w.client
    for role in ("evaluator", "ops"):
        refused = await client.post("/v1/replay", params={"county": OURS}, headers=w.theirs(role))
        assert refused.status_code == 403 and refused.json()["code"] == "AUTH-SCOPE"
        own = await client.post("/v1/replay", headers=w.theirs(role))
        assert own.status_code == 200, own.text
        assert own.json()["county"] == THEIRS  # only theirs, never every county's


@pytest.mark.parametrize("role", ["evaluator", "ops"])
async def test_replay_is_an_operation_of_the_callers_county(two_counties, role):
    w = two_counties
    client = w.client
    replayed = await client.post("/v1/replay", params={"county": OURS}, headers=w.ours(role))
    assert replayed.status_code == 200, replayed.text
    assert replayed.json()["county"] == OURS and replayed.json()["results_identical"]


@pytest.mark.parametrize(
    ("role", "org"),
    [
        ("service", OURS),
        ("auditor", OURS),
        ("province_auditor", PROVINCE),
        ("dept_submitter", DEPT_A),
    ],
)
async def test_replay_refuses_every_other_role(two_counties, role, org):
    w = two_counties
    client = w.client
    headers = w.token(role, org)
    refused = await client.post("/v1/replay", headers=headers)
    assert refused.status_code == 403 and refused.json()["code"] == "AUTH-ROLE"


async def test_auditors_read_only_their_own_county(two_counties):
    w = two_counties
    client = w.client
    results = {"year": 2026, "direction": D2T}
    mine = await client.get("/v1/results", params=results, headers=w.ours("auditor"))
    assert {r["org"] for r in mine.json()} >= {TWP_A, TWP_B}
    assert (
        await client.get(f"/v1/inspection-plans/{w.plan_id}", headers=w.ours("auditor"))
    ).status_code == 200
    other = await client.get(
        "/v1/results", params={**results, "county": OURS}, headers=w.theirs("auditor")
    )
    assert other.status_code == 403
    # a province auditor names the county it reads; another province's never reads ours
    province = w.token("province_auditor", org=PROVINCE, county=None)
    named = await client.get("/v1/results", params={**results, "county": OURS}, headers=province)
    assert named.status_code == 200 and {r["org"] for r in named.json()} >= {TWP_A}
    far = w.token("province_auditor", org="980000000000", county=None)
    assert (
        await client.get("/v1/results", params={**results, "county": OURS}, headers=far)
    ).status_code == 403


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/v1/periods/2026/close", {"direction": T2D}),
        ("POST", "/v1/schemes", {}),
        ("POST", "/v1/ratings", {"ratee": TWP_A}),
        ("POST", "/v1/inspection-plans", PLAN),
        ("POST", "/v1/inspection-plans/{plan}/approve", None),
        ("POST", "/v1/replay", None),
    ],
)
async def test_auditors_change_nothing(two_counties, method, path, body):
    w = two_counties
    client = w.client
    for headers in (
        w.ours("auditor"),
        w.token("province_auditor", org=PROVINCE, county=None),
    ):
        refused = await client.request(
            method, path.format(plan=w.plan_id), json=body, headers=headers
        )
        assert refused.status_code == 403 and refused.json()["code"] == "AUTH-ROLE", path


async def test_ratees_see_their_own_results_only(two_counties):
    w = two_counties
    client = w.client
    twp = w.ours("township_admin", TWP_A)
    listed = await client.get("/v1/results", params={"year": 2026, "direction": D2T}, headers=twp)
    assert [r["org"] for r in listed.json()] == [TWP_A]
    exported = await client.get(
        "/v1/results", params={"year": 2026, "direction": D2T, "format": "csv"}, headers=twp
    )
    assert exported.status_code == 200 and TWP_B not in exported.text
    other = await client.get(f"/v1/results/{TWP_B}/explain?year=2026&direction={D2T}", headers=twp)
    assert other.status_code == 404
    metrics = await client.get("/v1/metrics", params={"org": TWP_B, "year": 2026}, headers=twp)
    assert metrics.status_code == 403 and metrics.json()["code"] == "AUTH-SCOPE"
    # a department is rated in the other direction: it sees no township's row
    department = await client.get(
        "/v1/results", params={"year": 2026, "direction": D2T}, headers=w.dept(DEPT_A)
    )
    assert department.status_code == 200 and department.json() == []
    # roles that are rated nowhere read no results at all
    village = w.ours("village_operator", "990101101201")
    assert (
        await client.get("/v1/results", params={"year": 2026, "direction": D2T}, headers=village)
    ).status_code == 403
    # the county's evaluator reads every org of it
    every = await client.get(
        "/v1/results", params={"year": 2026, "direction": D2T}, headers=w.ours("evaluator")
    )
    assert {r["org"] for r in every.json()} >= {TWP_A, TWP_B}


async def test_a_township_rates_departments_of_its_own_county_only(two_counties):
    w = two_counties
    client = w.client
    body = {"year": 2026, "direction": T2D, "indicator": "service", "score": 80}
    refused = await client.post(
        "/v1/ratings", json={**body, "ratee": THEIR_DEPT}, headers=w.ours("township_admin", TWP_A)
    )
    assert refused.status_code == 403 and refused.json()["code"] == "AUTH-SCOPE"
    # within the county, the scheme's rule decides (no T2D scheme yet: 422, not a refusal)
    inside = await client.post(
        "/v1/ratings", json={**body, "ratee": DEPT_A}, headers=w.ours("township_admin", TWP_A)
    )
    assert inside.status_code == 422 and inside.json()["code"] == "E-SCHEME-MISSING"


async def test_a_department_rates_townships_of_its_own_county_only(two_counties):
    w = two_counties
    client = w.client
    body = {"year": 2026, "direction": D2T, "indicator": "work", "score": 70}
    refused = await client.post(
        "/v1/ratings", json={**body, "ratee": THEIR_TWP}, headers=w.dept(DEPT_A)
    )
    assert refused.status_code == 403 and refused.json()["code"] == "AUTH-SCOPE"
    theirs_rates_ours = await client.post(
        "/v1/ratings", json={**body, "ratee": TWP_A}, headers=w.dept(THEIR_DEPT)
    )
    assert theirs_rates_ours.status_code == 403 and theirs_rates_ours.json()["code"] == "AUTH-SCOPE"
    unknown = await client.post(
        "/v1/ratings", json={**body, "ratee": "no-such-unit"}, headers=w.dept(DEPT_A)
    )
    assert unknown.status_code == 403 and unknown.json()["code"] == "AUTH-SCOPE"


async def test_a_department_files_plans_for_townships_of_its_own_county_only(two_counties):
    w = two_counties
    client = w.client
    foreign = await client.post(
        "/v1/inspection-plans", json={**PLAN, "townships": [THEIR_TWP]}, headers=w.dept(DEPT_A)
    )
    assert foreign.status_code == 422 and foreign.json()["code"] == "E-PLAN-TOWNSHIP"
    for role, org in (("evaluator", OURS), ("township_admin", TWP_A), ("catalog_admin", OURS)):
        refused = await client.post("/v1/inspection-plans", json=PLAN, headers=w.ours(role, org))
        assert refused.status_code == 403 and refused.json()["code"] == "AUTH-ROLE", role


async def test_only_our_evaluator_decides_our_plans(two_counties):
    w = two_counties
    client = w.client
    for path, body in (
        (f"/v1/inspection-plans/{w.plan_id}/approve", None),
        (f"/v1/inspection-plans/{w.plan_id}/refuse", {"reason": "重复"}),
    ):
        hidden = await client.post(path, json=body, headers=w.theirs("evaluator"))
        assert hidden.status_code == 404 and hidden.json()["code"] == "E-NOT-FOUND"
        filer = await client.post(path, json=body, headers=w.dept(DEPT_A))
        assert filer.status_code == 403 and filer.json()["code"] == "AUTH-ROLE"
    approved = await client.post(
        f"/v1/inspection-plans/{w.plan_id}/approve", headers=w.ours("evaluator")
    )
    assert approved.status_code == 200 and approved.json()["status"] == "approved"


async def test_a_plan_is_listed_only_to_whom_its_own_read_shows_it(two_counties):
    w = two_counties
    client = w.client
    shown = {
        "filer": w.dept(DEPT_A),
        "inspected township": w.ours("township_admin", TWP_A),
        "evaluator": w.ours("evaluator"),
        "auditor": w.ours("auditor"),
    }
    hidden = {
        "another department": w.dept(ENVIRONMENT),
        "a township not inspected": w.ours("township_admin", TWP_B),
    }
    for who, headers in {**shown, **hidden}.items():
        listed = await client.get("/v1/inspection-plans", headers=headers)
        one = await client.get(f"/v1/inspection-plans/{w.plan_id}", headers=headers)
        assert listed.status_code == 200, (who, listed.text)
        assert (w.plan_id in listed.text) == (who in shown) == (one.status_code == 200), who
        if who in hidden:
            assert one.status_code == 404


@pytest.mark.parametrize(
    ("role", "org", "status"),
    [
        ("evaluator", OURS, 200),
        ("auditor", OURS, 200),
        ("service", OURS, 200),
        ("enforcement_supervisor", TWP_A, 200),
        ("evaluator", THEIRS, 404),
        ("auditor", THEIRS, 404),
        ("service", THEIRS, 404),
        ("enforcement_officer", THEIR_TWP, 404),
        ("enforcement_officer", TWP_B, 404),
        ("township_admin", TWP_A, 403),
    ],
)
async def test_the_witness_is_read_within_the_township_s_county(two_counties, role, org, status):
    w = two_counties
    client = w.client
    county = OURS if org in (OURS, TWP_A, TWP_B) else THEIRS
    headers = w.token(role, org=org, county=county)
    for what in ("checkpoints", "appended", "findings"):
        response = await client.get(f"/v1/witness/logs/{TWP_A}/{what}", headers=headers)
        assert response.status_code == status, (what, response.text)


async def test_evaluators_and_ops_of_another_county_get_nothing_of_ours_in_schemes(two_counties):
    w = two_counties
    client = w.client
    replaced = await client.put(
        f"/v1/schemes/{w.scheme_id}", json={"indicators": []}, headers=w.theirs("evaluator")
    )
    assert replaced.status_code == 404
    ops = await client.get("/v1/schemes", headers=w.ours("ops"))
    assert ops.status_code == 403 and ops.json()["code"] == "AUTH-ROLE"
    staff = await client.get("/v1/schemes", headers=w.ours("grid_worker", TWP_A))
    assert staff.status_code == 200 and w.scheme_id in staff.text


async def test_a_county_query_that_names_no_county_is_refused(two_counties):
    w = two_counties
    client = w.client
    for path in ("/v1/schemes", "/v1/inspection-plans"):
        refused = await client.get(path, params={"county": TWP_A}, headers=w.ours("evaluator"))
        assert refused.status_code == 403 and refused.json()["code"] == "AUTH-SCOPE"
