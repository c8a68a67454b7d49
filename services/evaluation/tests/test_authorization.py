"""Authorization (DESIGN §1): no token, no access; evaluators manage; auditors read, change nothing."""

import pytest

from grassroots.evaluation.testing import DEPT_A, TWP_A, token

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
        (
            "dept_submitter",
            DEPT_A,
            "GET",
            f"/v1/results/{TWP_A}/explain?year=2026&direction={D2T}",
            None,
        ),
    ],
)
async def test_refused_roles(evaluation, role, org, method, path, body):
    app, client = evaluation
    headers = token(app, role, org=org, county=None if role == "dept_submitter" else "990101000000")
    response = await client.request(method, path, json=body, headers=headers)
    assert response.status_code == 403, response.text
