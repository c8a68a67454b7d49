"""task-admission steps: departments submit, the reviewer decides, townships and villages work.

Each step checks the service's answer against the plan and books the expected effect in the
ledger from the plan (what the test meant), never from the answer.
"""

from __future__ import annotations

from typing import Any

from county.context import County
from county.orgs import COUNTY, SOCIAL_WORK
from county.pipeline import wait_applied
from county.plan import Demand
from grassroots.common.events import ADMISSION_TOPIC
from grassroots.dev.demo_catalog import demo_catalog

TA = "task-admission"


def publish_catalog(county: County) -> None:
    """编办 publishes the duty lists; every service keeps them from catalog.published."""
    county.call(
        TA, "catalog_admin", COUNTY, "POST", "/v1/catalog/versions", json=demo_catalog(), expect=201
    )
    for service in ("grid", "enforcement", "evaluation"):
        wait_applied(county, service, ADMISSION_TOPIC, 1)


def publish_next_year(county: County) -> None:
    """编办 publishes next year's lists (effective 1 January); this year's stay in force."""
    year = county.month.year + 1
    document = demo_catalog(version=f"{year}.1", effective_from=f"{year}-01-01")
    county.call(
        TA, "catalog_admin", COUNTY, "POST", "/v1/catalog/versions", json=document, expect=201
    )


def _check(got: dict[str, Any], outcome: str, codes: frozenset[str]) -> None:
    reasons = {r["code"] for r in got["decision"]["reasons"]}
    assert (got["status"], reasons) == (outcome, set(codes)), got["decision"]


def _book(county: County, demand: Demand, demand_id: str, outcome: str, codes: frozenset[str]):
    dept, ledger = demand.submitter, county.ledger
    if outcome == "returned":
        ledger.returned(dept, demand_id, codes)
    elif outcome == "rejected":
        ledger.rejected(dept, codes)
    elif outcome == "admitted":
        due = county.deadlines[demand_id]
        ledger.admitted(dept, demand_id, demand.funding, demand.targets, due)


def submit(county: County, demand: Demand, due: int) -> str:
    """A department sends a demand with its deadline on the `due`-th working day."""
    deadline = county.month.date(due)
    body = {**demand.body, "deadline": deadline.isoformat()}
    got = county.call(
        TA, "dept_submitter", demand.submitter, "POST", "/v1/demands", json=body, expect=201
    )
    _check(got, demand.outcome, demand.codes)
    county.deadlines[got["id"]] = deadline
    county.ledger.submitted(demand.submitter, got["id"])
    _book(county, demand, got["id"], demand.outcome, demand.codes)
    return str(got["id"])


def resubmit(county: County, demand_id: str, demand: Demand, due: int) -> None:
    """The corrected demand goes through the check again (the same demand)."""
    deadline = county.month.date(due)
    body = {**demand.body, "deadline": deadline.isoformat()}
    path = f"/v1/demands/{demand_id}/resubmit"
    got = county.call(TA, "dept_submitter", demand.submitter, "POST", path, json=body)
    _check(got, demand.outcome, demand.codes)
    county.deadlines[demand_id] = deadline
    _book(county, demand, demand_id, demand.outcome, demand.codes)


def review(county: County, demand_id: str, demand: Demand, action: str) -> None:
    """社会工作部 approves, returns or rejects a demand waiting for review."""
    outcome = {"approve": "admitted", "return": "returned", "reject": "rejected"}[action]
    codes = demand.codes | {"return": {"R-REVIEWER-RETURN"}, "reject": {"R-REVIEWER-REJECT"}}.get(
        action, set()
    )
    body = {"action": action, "reason": None if action == "approve" else "不属于清单内事项"}
    path = f"/v1/demands/{demand_id}/review"
    got = county.call(TA, "admission_reviewer", SOCIAL_WORK, "POST", path, json=body)
    _check(got, outcome, frozenset(codes))
    _book(county, demand, demand_id, outcome, frozenset(codes))


def withdraw(county: County, demand_id: str, dept: str) -> None:
    got = county.call(TA, "dept_submitter", dept, "POST", f"/v1/demands/{demand_id}/withdraw")
    assert got["status"] == "withdrawn"


def _role(org: str) -> str:
    return "township_admin" if org.endswith("000") else "village_operator"


def dispatch(county: County, demand_id: str, township: str, villages: list[str]) -> None:
    """The township passes its demand on to villages, which sign for it."""
    path = f"/v1/demands/{demand_id}/dispatch"
    got = county.call(TA, "township_admin", township, "POST", path, json={"villages": villages})
    assert got["status"] == "dispatched"
    county.ledger.dispatched(demand_id, villages, county.deadlines[demand_id])
    for village in villages:
        receive(county, demand_id, village)


def receive(county: County, demand_id: str, org: str) -> None:
    county.call(TA, _role(org), org, "POST", f"/v1/demands/{demand_id}/receipts")


def complete(county: County, demand_id: str, org: str) -> None:
    """`org` reports its part done today; on time when today is not after the deadline."""
    on_time = county.ledger.completed(demand_id, org, county.today)
    if not on_time:  # the scan flagged it first: the story waits for that
        county.await_event("demand.overdue.v1", demand_id=demand_id, org=org)
    body = {"org": org, "summary": "已按要求完成"}
    path = f"/v1/demands/{demand_id}/completion"
    got = county.call(TA, _role(org), org, "POST", path, json=body)
    mine = next(a for a in got["assignments"] if a["org"] == org)
    assert mine["on_time"] is on_time, mine


def complain(county: County, org: str, dept: str, kind: str, demand_id: str | None) -> str:
    """一键投诉 by a township or village."""
    body = {"kind": kind, "department": dept, "demand_id": demand_id, "description": "基层反映"}
    got = county.call(TA, _role(org), org, "POST", "/v1/complaints", json=body, expect=201)
    return str(got["id"])


def rule(county: County, complaint_id: str, dept: str, upheld: bool) -> None:
    body = {"upheld": upheld, "reason": "经核实" if upheld else "查无实据"}
    path = f"/v1/complaints/{complaint_id}/ruling"
    got = county.call(TA, "admission_reviewer", SOCIAL_WORK, "POST", path, json=body)
    assert got["status"] == ("upheld" if upheld else "dismissed"), got
    county.ledger.complaint_ruled(dept, upheld)
