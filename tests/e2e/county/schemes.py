"""The county's two evaluation schemes for the year (DESIGN §8), with which way each metric is
better as the evaluation README documents it (`higher_is_better` is the test's, not sent)."""

from __future__ import annotations

from typing import Any

T2D = "township_rates_department"
D2T = "department_rates_township"


def _metric(code: str, metric: str, weight: float, higher: bool = True, **extra: Any):
    return {
        "code": code,
        "name": code,
        "weight": weight,
        "source": "metric",
        "metric": metric,
        "higher_is_better": higher,
        **extra,
    }


def _rating(code: str, weight: float, **extra: Any) -> dict[str, Any]:
    return {"code": code, "name": code, "weight": weight, "source": "rating", **extra}


INDICATORS: dict[str, list[dict[str, Any]]] = {
    T2D: [
        _metric("unclear", "dept.returned_unclear", 15, higher=False),
        _metric("negative", "dept.rejected_negative", 15, higher=False),
        _metric("complaints", "dept.complaints_upheld", 10, higher=False),
        _metric("whistle", "dept.whistle_on_time", 20),
        _metric("funded", "dept.demands_funded", 10),
        _metric("funding", "dept.funding_yuan", 10, normalisation="relative"),
        _rating("service", 20),
    ],
    D2T: [
        _metric("grid", "twp.grid_closed_on_time", 15, duty_item_codes=["T-B-001"]),
        _metric("response", "twp.response_rate", 10, duty_item_codes=["T-B-003"]),
        _metric("resolution", "twp.resolution_rate", 10, duty_item_codes=["T-B-004"]),
        _metric("satisfaction", "twp.satisfaction_rate", 10, duty_item_codes=["T-B-005"]),
        _metric("decided", "twp.cases_decided_in_time", 10, duty_item_codes=["T-B-070"]),
        _metric("filed", "twp.cases_filed_on_time", 10, duty_item_codes=["T-B-072"]),
        _metric("demands", "twp.demands_completed_on_time", 20, duty_item_codes=["T-B-112"]),
        _rating("work", 15, duty_item_codes=["T-B-113"]),
    ],
}


def scheme_body(year: int, direction: str) -> dict[str, Any]:
    """The scheme as the evaluator posts it."""
    indicators = [
        {k: v for k, v in i.items() if k != "higher_is_better"} for i in INDICATORS[direction]
    ]
    return {"year": year, "direction": direction, "indicators": indicators}
