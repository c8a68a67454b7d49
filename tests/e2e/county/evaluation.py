"""evaluation steps: schemes, inspection plans (统一报备), ratings, metrics, closing, results."""

from __future__ import annotations

from typing import Any

from county.context import County
from county.orgs import EVALUATOR
from county.schemes import D2T, T2D, scheme_body

EV = "evaluation"


def _evaluator(county: County, method: str, path: str, **kw: Any) -> Any:
    return county.call(EV, "evaluator", EVALUATOR, method, path, **kw)


def create_schemes(county: County) -> None:
    for direction in (T2D, D2T):
        body = scheme_body(county.month.year, direction)
        _evaluator(county, "POST", "/v1/schemes", json=body, expect=201)


def register_plan(county: County, dept: str, townships: list[str], title: str) -> str:
    """A department registers an inspection for the month."""
    body = {
        "title": title,
        "kind": "inspection",
        "townships": townships,
        "window_start": county.month.date(1).isoformat(),
        "window_end": county.month.working_days[-1].isoformat(),
    }
    got = county.call(
        EV, "dept_submitter", dept, "POST", "/v1/inspection-plans", json=body, expect=201
    )
    return str(got["id"])


def approve_plan(county: County, plan_id: str) -> None:
    got = _evaluator(county, "POST", f"/v1/inspection-plans/{plan_id}/approve")
    assert got["status"] == "approved"


def refuse_over_cap(county: County, plan_id: str) -> None:
    """The township's yearly cap is full (E-PLAN-CAP): the evaluator refuses with a reason."""
    full = _evaluator(county, "POST", f"/v1/inspection-plans/{plan_id}/approve", expect=409)
    assert full["code"] == "E-PLAN-CAP", full
    body = {"reason": "该镇本年度督查检查考核已达上限"}
    got = _evaluator(county, "POST", f"/v1/inspection-plans/{plan_id}/refuse", json=body)
    assert got["status"] == "refused"


def rate(county: County, rater: str, ratee: str, indicator: str, score: float) -> None:
    """A township rates a department, or a department a township (a repeat replaces)."""
    township_rates = rater.isdigit()
    direction = T2D if township_rates else D2T
    role = "township_admin" if township_rates else "dept_submitter"
    replaced = rater in county.ledger.ratings.get((direction, ratee, indicator), {})
    body = {
        "year": county.month.year,
        "direction": direction,
        "ratee": ratee,
        "indicator": indicator,
        "score": score,
    }
    got = county.call(
        EV, role, rater, "POST", "/v1/ratings", json=body, expect=200 if replaced else 201
    )
    assert got["replaced"] is replaced
    county.ledger.rated(direction, rater, ratee, indicator, score)


def metrics_of(county: County, org: str) -> dict[str, tuple[float, float]]:
    """An org's metrics for the year: numerator and denominator of each (months checked)."""
    page = _evaluator(county, "GET", "/v1/metrics", params={"org": org, "year": county.month.year})
    months = {m["month"] for metric in page["metrics"] for m in metric["months"]}
    assert months <= {county.month.month}, (org, months)
    return {m["metric"]: (m["numerator"], m["denominator"]) for m in page["metrics"]}


def close_period(county: County) -> None:
    year = county.month.year
    for direction in (T2D, D2T):
        got = _evaluator(county, "POST", f"/v1/periods/{year}/close", json={"direction": direction})
        assert got["year"] == year


def results(county: County, direction: str) -> dict[str, dict[str, Any]]:
    params = {"year": county.month.year, "direction": direction}
    return {r["org"]: r for r in _evaluator(county, "GET", "/v1/results", params=params)}


def explained_events(county: County, org: str, direction: str, indicator: str) -> set[str]:
    """The event ids the explanation gives for one indicator of an org's result."""
    params = {"year": county.month.year, "direction": direction}
    got = _evaluator(county, "GET", f"/v1/results/{org}/explain", params=params)
    item = next(i for i in got["indicators"] if i["code"] == indicator)
    return {e["ce_id"] for e in item["events"]}
