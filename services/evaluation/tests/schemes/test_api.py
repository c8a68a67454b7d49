"""Schemes over the API: every guard refused with its code, only evaluators manage them."""

from evaluationtest_support import DEPT_A, TWP_A, token

TWP = "department_rates_township"


def ind(code, weight, source="rating", metric=None, duty=("T-B-001",)):
    return {
        "code": code,
        "name": code,
        "weight": weight,
        "source": source,
        "metric": metric,
        "duty_item_codes": list(duty),
    }


def scheme(year=2026, indicators=None, direction=TWP):
    return {
        "year": year,
        "direction": direction,
        "indicators": indicators or [ind("a", 60, "metric", "twp.response_rate"), ind("b", 40)],
    }


async def test_create_read_replace(evaluation):
    app, client = evaluation
    ev = token(app, "evaluator")
    created = await client.post("/v1/schemes", json=scheme(), headers=ev)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["version"] == 1 and not body["frozen"] and created.headers["etag"] == '"1"'
    again = await client.post("/v1/schemes", json=scheme(), headers=ev)
    assert again.status_code == 409 and again.json()["code"] == "E-SCHEME-EXISTS"
    stale = await client.put(
        f"/v1/schemes/{body['id']}",
        json={"indicators": [ind("a", 100)]},
        headers={**ev, "If-Match": '"7"'},
    )
    assert stale.status_code == 412
    replaced = await client.put(
        f"/v1/schemes/{body['id']}",
        json={"indicators": [ind("a", 100)]},
        headers={**ev, "If-Match": '"1"'},
    )
    assert replaced.status_code == 200 and replaced.json()["version"] == 2
    listed = await client.get(
        "/v1/schemes", params={"year": 2026}, headers=token(app, "township_admin", org=TWP_A)
    )
    assert [s["id"] for s in listed.json()] == [body["id"]]
    read = await client.get(f"/v1/schemes/{body['id']}", headers=token(app, "auditor"))
    assert read.status_code == 200 and len(read.json()["indicators"]) == 1


async def test_each_guard_refused_with_its_code(evaluation):
    app, client = evaluation
    ev = token(app, "evaluator")
    cases = {
        "E-SCHEME-WEIGHTS": [ind("a", 50), ind("b", 40)],
        "E-SCHEME-INDICATOR-CAP": [ind(f"i{n}", 100 / 11) for n in range(11)],
        "E-SCHEME-OUT-OF-DUTY": [ind("a", 100, duty=("T-A-001",))],
        "E-SCHEME-SOURCE": [ind("a", 100, "metric", "dept.whistle_on_time")],
    }
    for code, indicators in cases.items():
        response = await client.post("/v1/schemes", json=scheme(indicators=indicators), headers=ev)
        assert response.status_code == 422 and response.json()["code"] == code, (
            code,
            response.text,
        )
    assert (
        await client.post("/v1/schemes", json=scheme(2025, [ind("a", 100)]), headers=ev)
    ).status_code == 201
    more = await client.post("/v1/schemes", json=scheme(2026), headers=ev)
    assert more.status_code == 422 and more.json()["code"] == "E-SCHEME-MORE-THAN-LAST-YEAR"


async def test_frozen_once_rated(evaluation):
    app, client = evaluation
    ev = token(app, "evaluator")
    created = (await client.post("/v1/schemes", json=scheme(), headers=ev)).json()
    rated = await client.post(
        "/v1/ratings",
        json={"year": 2026, "direction": TWP, "ratee": TWP_A, "indicator": "b", "score": 90},
        headers=token(app, "dept_submitter", org=DEPT_A, county=None),
    )
    assert rated.status_code == 201, rated.text
    frozen = await client.put(
        f"/v1/schemes/{created['id']}", json={"indicators": [ind("a", 100)]}, headers=ev
    )
    assert frozen.status_code == 409 and frozen.json()["code"] == "E-SCHEME-FROZEN"


async def test_only_evaluators_manage_schemes(evaluation):
    app, client = evaluation
    for role, org in (
        ("township_admin", TWP_A),
        ("auditor", "990101000000"),
        ("dept_submitter", DEPT_A),
    ):
        response = await client.post(
            "/v1/schemes", json=scheme(), headers=token(app, role, org=org)
        )
        assert response.status_code == 403, role
    assert (await client.post("/v1/schemes", json=scheme())).status_code == 401
