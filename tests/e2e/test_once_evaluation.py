"""Every transition of evaluation happens once: ten identical requests released together against
the real processes, one applies, the rest are refused (409, or 412 on a stale If-Match), none is
a 5xx, and the audit log and the outbox hold one entry for it."""

from __future__ import annotations

import time
from datetime import date

import pytest

from grassroots.dev.demo_catalog import demo_catalog
from grassroots.testkit.bursts import burst

COUNTY = "990101000000"
DEPT = "11990101MB0000107H"  # 县林业局
QINGSHAN = "990101101000"  # 青山镇
D2T = "department_rates_township"
EV = "evaluation"


@pytest.fixture(scope="module")
def suite(grassroots_suite):
    """The suite with the demo catalog published and known to evaluation."""
    with grassroots_suite.client("task-admission", "catalog_admin", COUNTY) as admin:
        response = admin.post("/v1/catalog/versions", json=demo_catalog())
        assert response.status_code in (201, 409), response.text
    deadline = time.monotonic() + 60
    while not _count(grassroots_suite, "SELECT count(*) FROM catalog_versions"):
        assert time.monotonic() < deadline, "evaluation never received the catalog"
        time.sleep(0.2)
    return grassroots_suite


def _count(suite, sql: str, **params: object) -> int:
    return int(suite.query(EV, sql, **params)[0][0])  # type: ignore[arg-type]


def _audits(suite, entity: str, entity_id: str, action: str) -> int:
    return _count(
        suite,
        "SELECT count(*) FROM audit_log WHERE entity = :e AND entity_id = :i AND action = :a",
        e=entity,
        i=entity_id,
        a=action,
    )


def _events(suite, ce_type: str, key: str | None = None) -> int:
    sql = "SELECT count(*) FROM outbox WHERE ce_type = :t"
    return (
        _count(suite, sql + " AND key = :k", t=ce_type, k=key)
        if key
        else _count(suite, sql, t=ce_type)
    )


def _evaluator(suite):
    return suite.client(EV, "evaluator", COUNTY)


def _plan(suite, title: str) -> str:
    today = date.today().isoformat()
    body = {
        "title": title,
        "kind": "inspection",
        "townships": [QINGSHAN],
        "window_start": today,
        "window_end": today,
    }
    with suite.client(EV, "dept_submitter", DEPT, county=COUNTY) as dept:
        created = dept.post("/v1/inspection-plans", json=body)
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


def _indicators(rating_weight: float = 40) -> list[dict[str, object]]:
    return [
        {
            "code": "grid",
            "name": "网格事件按时办结",
            "weight": 100 - rating_weight,
            "source": "metric",
            "metric": "twp.grid_closed_on_time",
            "duty_item_codes": ["T-B-001"],
        },
        {
            "code": "work",
            "name": "部门评价",
            "weight": rating_weight,
            "source": "rating",
            "duty_item_codes": ["T-B-002"],
        },
    ]


def _scheme(suite, year: int) -> dict[str, object]:
    body = {"year": year, "direction": D2T, "indicators": _indicators()}
    with _evaluator(suite) as evaluator:
        created = evaluator.post("/v1/schemes", json=body)
    assert created.status_code == 201, created.text
    return dict(created.json())


def test_a_plan_is_approved_once(suite):
    plan = _plan(suite, "森林防火专项督查")
    with _evaluator(suite) as evaluator:
        won = burst(evaluator, "POST", f"/v1/inspection-plans/{plan}/approve")
    assert won.assert_once().json()["status"] == "approved"
    assert set(won.codes) == {"E-PLAN-DECIDED"}
    assert _audits(suite, "inspection_plan", plan, "approve") == 1
    assert _events(suite, "inspection.plan.approved.v1", plan) == 1


def test_a_plan_is_refused_once(suite):
    plan = _plan(suite, "安全生产专项检查")
    with _evaluator(suite) as evaluator:
        won = burst(
            evaluator, "POST", f"/v1/inspection-plans/{plan}/refuse", json={"reason": "重复检查"}
        )
    assert won.assert_once().json()["status"] == "refused"
    assert _audits(suite, "inspection_plan", plan, "refuse") == 1
    assert _events(suite, "inspection.plan.approved.v1", plan) == 0


def test_a_scheme_is_replaced_once_under_if_match(suite):
    scheme = _scheme(suite, 2031)
    body = {"indicators": _indicators(50)}
    with _evaluator(suite) as evaluator:
        won = burst(
            evaluator, "PUT", f"/v1/schemes/{scheme['id']}", json=body, headers={"If-Match": '"1"'}
        )
        assert won.assert_once(refused=(409, 412)).json()["version"] == 2
        assert evaluator.get(f"/v1/schemes/{scheme['id']}").headers["etag"] == '"2"'
    assert _audits(suite, "scheme", str(scheme["id"]), "replace") == 1


def test_a_scheme_is_replaced_once_without_if_match(suite):
    """A repeat of the same replace changes nothing: refused, whichever backend queues it."""
    scheme = _scheme(suite, 2033)
    body = {"indicators": _indicators(30)}
    with _evaluator(suite) as evaluator:
        won = burst(evaluator, "PUT", f"/v1/schemes/{scheme['id']}", json=body)
    assert won.assert_once().json()["version"] == 2
    assert set(won.codes) <= {"E-SCHEME-UNCHANGED", "E-SCHEME-FROZEN"}
    assert _audits(suite, "scheme", str(scheme["id"]), "replace") == 1


def test_concurrent_first_ratings_freeze_the_scheme_once(suite):
    """Ratings are not transitions (a repeat replaces the score), but they queue on their period:
    one inserts, the others replace it, none collides on the unique key, the scheme freezes once."""
    year = 2035
    scheme = _scheme(suite, year)
    body = {"year": year, "direction": D2T, "ratee": QINGSHAN, "indicator": "work", "score": 90}
    with suite.client(EV, "dept_submitter", DEPT, county=COUNTY) as dept:
        rated = burst(dept, "POST", "/v1/ratings", json=body)
    assert dict(rated.statuses) == {201: 1, 200: 9}, rated.describe()
    assert _count(suite, "SELECT count(*) FROM ratings WHERE year = :y", y=year) == 1
    assert _audits(suite, "scheme", str(scheme["id"]), "freeze") == 1
    with _evaluator(suite) as evaluator:
        read = evaluator.get(f"/v1/schemes/{scheme['id']}").json()
        assert (read["frozen"], read["version"]) == (True, 2)
        frozen = evaluator.put(f"/v1/schemes/{scheme['id']}", json={"indicators": _indicators(20)})
    assert (frozen.status_code, frozen.json()["code"]) == (409, "E-SCHEME-FROZEN")


def test_a_period_is_closed_once(suite):
    year = 2037
    scheme = _scheme(suite, year)
    with _evaluator(suite) as evaluator:
        won = burst(evaluator, "POST", f"/v1/periods/{year}/close", json={"direction": D2T})
    orgs = won.assert_once().json()["orgs"]
    assert orgs > 0 and set(won.codes) == {"E-PERIOD-CLOSED"}
    [(period,)] = suite.query(EV, "SELECT id FROM periods WHERE year = :y", y=year)
    assert _audits(suite, "period", str(period), "close") == 1
    assert _events(suite, "period.closed.v1", f"{COUNTY}/{year}/{D2T}") == 1
    stored = "SELECT count(*) FROM results WHERE year = :y AND direction = :d"
    assert _count(suite, stored, y=year, d=D2T) == orgs
    # one result.published per org with a result (the module's only close); an org without
    # data has no total or rank to publish (issue 16)
    ranked = stored + " AND rank IS NOT NULL"
    assert _events(suite, "result.published.v1") == _count(suite, ranked, y=year, d=D2T)
    assert _audits(suite, "scheme", str(scheme["id"]), "freeze") == 1


def test_concurrent_creations_of_one_scheme_make_one(suite):
    """Creating is not a transition: without Idempotency-Key the repeats are told it exists
    (409), none collides on the unique key (500)."""
    body = {"year": 2039, "direction": D2T, "indicators": _indicators()}
    with _evaluator(suite) as evaluator:
        created = burst(evaluator, "POST", "/v1/schemes", json=body)
    created.assert_once()
    assert set(created.codes) == {"E-SCHEME-EXISTS"}
    assert _count(suite, "SELECT count(*) FROM schemes WHERE year = 2039") == 1
