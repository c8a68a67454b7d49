"""One declaration per route: roles first (403 AUTH-ROLE), then the target's scope (403
AUTH-SCOPE, or the item's own 404 so nothing leaks) — before the body is validated; the same
declaration exported as `x-access` and usable inside a service (`require`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from fastapi import APIRouter
from pydantic import BaseModel

from grassroots.common import catalog_versions
from grassroots.common.app.runtime import ServiceSpec
from grassroots.common.auth import PrincipalDep
from grassroots.common.auth.access import (
    AUDIT,
    Access,
    FromBody,
    FromPath,
    FromQuery,
    Grant,
    Target,
    caller_target,
)
from grassroots.common.auth.principal import Principal
from grassroots.common.codes import NOT_FOUND
from grassroots.common.problems import ProblemError
from grassroots.common.settings import ServiceSettings
from grassroots.dev.demo_catalog import demo_catalog
from grassroots.testkit.apps import auth, running_app, settings_for

OURS, QINGSHAN, SHIMEN = "990101000000", "990101101000", "990101102000"
VILLAGE, FORESTRY = "990101101201", "11990101MB0000107H"
THINGS = {"t1": Target(county=OURS, township=QINGSHAN, unit=VILLAGE, parties=frozenset({FORESTRY}))}
MIGRATIONS = (
    Path(__file__).resolve().parents[3]
    / "services/task-admission/src/grassroots/task_admission/migrations"
)


async def thing_target(session, value: str) -> Target | None:
    return THINGS.get(value)


def not_found(value: str) -> ProblemError:
    return ProblemError(NOT_FOUND, "没有这件事", value)


SEE = Access(
    Grant(("township_admin", "village_operator"), "area"),
    Grant(("dept_submitter",), "party"),
    *AUDIT,
    target=FromPath("thing_id", thing_target, missing=not_found),
)
LIST = Access(Grant(("township_admin",), "township"), *AUDIT, target=FromQuery("township"))
MAKE = Access(Grant(("township_admin",), "township"), target=FromBody("township"))
# a thing the whole county reads (a grid on its public board): changing another's is 403, not 404
EDIT = Access(
    Grant(("township_admin",), "township"),
    target=FromPath("thing_id", thing_target, missing=not_found, hide=False),
)


class Body(BaseModel):
    township: str
    size: int


router = APIRouter()


@router.get("/v1/things/{thing_id}", **SEE.route())
async def see(thing_id: str, principal: PrincipalDep) -> dict[str, str]:
    return {"id": thing_id}


@router.put("/v1/things/{thing_id}", **EDIT.route())
async def edit(thing_id: str, principal: PrincipalDep) -> dict[str, str]:
    return {"id": thing_id}


@router.get("/v1/things", **LIST.route())
async def things(principal: PrincipalDep, township: str | None = None) -> dict[str, str]:
    return {"township": township or principal.org}


@router.post("/v1/things", **MAKE.route())
async def make(body: Body, principal: PrincipalDep) -> dict[str, str]:
    return {"township": body.township}


@pytest.fixture
async def app_client(sqlite_url):
    settings = settings_for(ServiceSettings, sqlite_url, None, service_name="probe")
    spec = ServiceSpec(
        name="probe", title="probe", description="probe", settings=settings,
        migrations=MIGRATIONS, routers=[router],
    )  # fmt: skip
    async with running_app(spec) as (app, client):
        async with app.state.database.transaction() as s:
            document = demo_catalog()
            await catalog_versions.store(s, OURS, document["version"], date(2026, 1, 1), document)
        yield app, client


def _as(app, role: str, org: str) -> dict[str, str]:
    return auth(app.state.settings, role, org=org)


async def test_an_item_in_scope_is_served_and_out_of_scope_is_not_found(app_client):
    app, client = app_client
    for role, org in (("township_admin", QINGSHAN), ("village_operator", VILLAGE)):
        assert (await client.get("/v1/things/t1", headers=_as(app, role, org))).status_code == 200
    assert (
        await client.get("/v1/things/t1", headers=_as(app, "dept_submitter", FORESTRY))
    ).is_success
    for role, org in (("township_admin", SHIMEN), ("village_operator", "990101101202")):
        answer = await client.get("/v1/things/t1", headers=_as(app, role, org))
        assert answer.status_code == 404 and answer.json()["code"] == "E-NOT-FOUND"
    missing = await client.get("/v1/things/nope", headers=_as(app, "township_admin", QINGSHAN))
    assert missing.status_code == 404 and missing.json()["code"] == "E-NOT-FOUND"


async def test_an_item_the_county_reads_is_refused_403_and_a_missing_one_404(app_client):
    app, client = app_client
    shimen = _as(app, "township_admin", SHIMEN)
    refused = await client.put("/v1/things/t1", headers=shimen)
    assert refused.status_code == 403 and refused.json()["code"] == "AUTH-SCOPE"
    missing = await client.put("/v1/things/nope", headers=shimen)
    assert missing.status_code == 404 and missing.json()["code"] == "E-NOT-FOUND"
    assert (
        await client.put("/v1/things/t1", headers=_as(app, "township_admin", QINGSHAN))
    ).is_success


async def test_a_role_not_granted_is_refused_before_the_target_is_looked_up(app_client):
    app, client = app_client
    answer = await client.get("/v1/things/nope", headers=_as(app, "evaluator", OURS))
    assert answer.status_code == 403 and answer.json()["code"] == "AUTH-ROLE"


async def test_a_query_target_out_of_scope_is_403_and_absent_means_the_callers_own(app_client):
    app, client = app_client
    ours = _as(app, "township_admin", QINGSHAN)
    refused = await client.get("/v1/things", params={"township": SHIMEN}, headers=ours)
    assert refused.status_code == 403 and refused.json()["code"] == "AUTH-SCOPE"
    assert (await client.get("/v1/things", headers=ours)).json() == {"township": QINGSHAN}
    auditor = _as(app, "auditor", OURS)
    assert (await client.get("/v1/things", params={"township": SHIMEN}, headers=auditor)).is_success
    other = await client.get("/v1/things", params={"township": "990102101000"}, headers=auditor)
    assert other.status_code == 403


async def test_a_body_target_is_checked_before_the_body_is_validated(app_client):
    app, client = app_client
    ours = _as(app, "township_admin", QINGSHAN)
    refused = await client.post("/v1/things", json={"township": SHIMEN}, headers=ours)
    assert refused.status_code == 403 and refused.json()["code"] == "AUTH-SCOPE"
    invalid = await client.post("/v1/things", json={"township": QINGSHAN}, headers=ours)
    assert invalid.status_code == 422
    made = await client.post("/v1/things", json={"township": QINGSHAN, "size": 1}, headers=ours)
    assert made.status_code == 200


async def test_the_declaration_is_in_the_openapi_document(app_client):
    app, _ = app_client
    operation = app.openapi()["paths"]["/v1/things/{thing_id}"]["get"]
    access = operation["x-access"]
    assert access["target"] == {"in": "path", "name": "thing_id"}
    assert {"roles": ["auditor"], "scope": "county"} in access["grants"]


def _p(role: str, org: str, county: str = OURS, sub: str = "u") -> Principal:
    return Principal(sub=sub, org=org, roles=frozenset({role}), county=county)


def test_scopes():
    thing = THINGS["t1"]
    assert SEE.permits(_p("auditor", OURS), thing)
    assert not SEE.permits(_p("auditor", "990102000000", county="990102000000"), thing)
    assert SEE.permits(_p("province_auditor", "990000000000", county=None), thing)
    assert not SEE.permits(_p("province_auditor", "980000000000", county=None), thing)
    assigned = Access(Grant(("grid_worker",), "assigned"))
    worker = Target(county=OURS, township=QINGSHAN, subs=frozenset({"gw-1"}))
    assert assigned.permits(_p("grid_worker", QINGSHAN, sub="gw-1"), worker)
    assert not assigned.permits(_p("grid_worker", "990102101000", "990102000000", "gw-1"), worker)
    assert not assigned.permits(_p("grid_worker", SHIMEN, sub="gw-1"), worker)  # another township
    assert assigned.permits(_p("grid_worker", VILLAGE, sub="gw-1"), worker)  # a village of it
    assert caller_target(_p("township_admin", QINGSHAN)).township == QINGSHAN
    with pytest.raises(ProblemError):
        SEE.require(_p("township_admin", SHIMEN), thing, "t1")
    with pytest.raises(ValueError):
        Grant(("auditor",), "everywhere")
