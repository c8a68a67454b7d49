"""Who may do what (DESIGN §1, issue 14): one declaration per route, and the examples of the
issue as regression tests: auditors read their own county only and change nothing, the
evaluator and the catalog admin never act on a case, an officer acts only on the cases
assigned to them, a township never sees another township's cases, and the log's readers."""

from __future__ import annotations

import pytest
from enforcementtest_factories import COUNTY, OTHER_TOWNSHIP, Actors, ago, open_case
from enforcementtest_logs import patrol

from grassroots.enforcement.cases import access, rules
from grassroots.enforcement.main import create_app
from grassroots.testkit.apps import auth

NEIGHBOUR = "990102000000"  # the neighbour county, the same shape under other codes
PROVINCE, OTHER_PROVINCE = "990000000000", "980000000000"


def reads(township: str, case_id: str) -> list[tuple[str, dict[str, str]]]:
    """Every read of a township's enforcement: cases, logs, checkpoints, ledgers, registers."""
    t = {"township": township}
    return [
        (f"/v1/cases/{case_id}", {}),
        ("/v1/cases", t),
        ("/v1/logs", t),
        ("/v1/logs/export", t),
        ("/v1/logs/checkpoints", t),
        ("/v1/logs/checkpoints/export", t),
        ("/v1/logs/verify", t),
        ("/v1/ledgers", {**t, "month": "2026-11"}),
        ("/v1/officers", t),
        ("/v1/enforcement-items", t),
    ]


async def statuses(client, headers, township: str, case_id: str) -> dict[str, int]:
    return {
        path: (await client.get(path, params=params, headers=headers)).status_code
        for path, params in reads(township, case_id)
    }


@pytest.fixture
async def a_case(staffed):
    """A filed case of 青山镇 assigned to zhang and wang, with a patrol in the log."""
    app, client, actors, officers = staffed
    case = await open_case(
        client, actors, officers=officers, discovered_at=ago(2).isoformat(), act_date=None
    )
    filed = await client.post(f"/v1/cases/{case['id']}/file", json={}, headers=actors.supervisor)
    assert filed.status_code == 200, filed.text
    await patrol(client, actors, 1)
    return app, client, actors, case["id"]


async def test_auditors_read_only_their_own_county(a_case):
    app, client, actors, case_id = a_case
    settings = app.state.settings
    own = await statuses(client, actors.auditor, actors.township, case_id)
    assert set(own.values()) == {200}, own
    province = auth(settings, "province_auditor", org=PROVINCE, sub="p")
    assert set((await statuses(client, province, actors.township, case_id)).values()) == {200}
    neighbour = auth(settings, "auditor", org=NEIGHBOUR, county=NEIGHBOUR, sub="inspector")
    theirs = await statuses(client, neighbour, actors.township, case_id)
    assert theirs.pop(f"/v1/cases/{case_id}") == 404  # an item out of scope is not found
    assert set(theirs.values()) == {403}, theirs
    far = auth(settings, "province_auditor", org=OTHER_PROVINCE, sub="p")
    assert 200 not in (await statuses(client, far, actors.township, case_id)).values()
    listed = await client.get("/v1/cases", params={"township": actors.township}, headers=neighbour)
    assert listed.json()["code"] == "AUTH-SCOPE" and case_id not in listed.text


async def test_auditors_change_nothing(a_case):
    _app, client, actors, case_id = a_case
    t = {"township": actors.township}
    for path, params in (
        ("/v1/cases", {}),
        (f"/v1/cases/{case_id}/investigate", {}),
        (f"/v1/cases/{case_id}/close", {}),
        ("/v1/officers", {}),
        ("/v1/logs", {}),
        ("/v1/logs/checkpoints", t),
    ):
        answer = await client.post(path, params=params, json=t, headers=actors.auditor)
        assert answer.status_code == 403 and answer.json()["code"] == "AUTH-ROLE", path


@pytest.mark.parametrize("role", ["evaluator", "catalog_admin"])
async def test_the_evaluator_and_the_catalog_admin_never_act_on_a_case(a_case, role):
    app, client, actors, case_id = a_case
    county_office = auth(app.state.settings, role, org=COUNTY, county=COUNTY, sub=role)
    for action in ("file", "investigate", "decide", "close", "transfer", "extend"):
        answer = await client.post(f"/v1/cases/{case_id}/{action}", json={}, headers=county_office)
        assert answer.status_code == 403 and answer.json()["code"] == "AUTH-ROLE", action
    opened = await client.post(
        "/v1/cases", json={"township": actors.township}, headers=county_office
    )
    assert opened.status_code == 403
    assert (await client.get(f"/v1/cases/{case_id}", headers=county_office)).status_code == 403


async def test_an_officer_acts_only_on_cases_assigned_to_them(a_case):
    app, client, actors, case_id = a_case
    stranger = await client.post(
        f"/v1/cases/{case_id}/investigate", json={}, headers=actors.officer("zhao")
    )
    assert stranger.status_code == 404 and stranger.json()["code"] == "E-NOT-FOUND"
    seen = await client.get(f"/v1/cases/{case_id}", headers=actors.officer("zhao"))
    assert seen.status_code == 200  # the township's officers read its cases
    elsewhere = auth(
        app.state.settings, "enforcement_officer", org="990102101000", county=NEIGHBOUR, sub="zhang"
    )  # the same subject under the neighbour county's township
    foreign = await client.post(f"/v1/cases/{case_id}/investigate", json={}, headers=elsewhere)
    assert foreign.status_code == 404
    assigned = await client.post(
        f"/v1/cases/{case_id}/investigate", json={}, headers=actors.officer("zhang")
    )
    assert assigned.status_code == 200, assigned.text
    notify = {"proposed_fine": 600, "grounds": "g"}
    by_supervisor = await client.post(
        f"/v1/cases/{case_id}/notify", json=notify, headers=actors.supervisor
    )
    assert by_supervisor.status_code == 200, by_supervisor.text  # the township's supervisor
    approval = await client.post(
        f"/v1/cases/{case_id}/decide", json={"fine_yuan": 600}, headers=actors.officer("zhang")
    )
    assert approval.status_code == 403 and approval.json()["code"] == "AUTH-ROLE"


async def test_an_entry_on_a_case_is_written_by_its_officers_only(a_case):
    _app, client, actors, case_id = a_case
    body = {
        "township": actors.township,
        "kind": "inspection",
        "at": ago(0.5).isoformat(),
        "place": "石桥村三组",
        "officers": [],
        "observed": "现场复查",
        "case_id": case_id,
    }
    stranger = await client.post("/v1/logs", json=body, headers=actors.officer("zhao"))
    assert stranger.status_code == 403 and stranger.json()["code"] == "AUTH-NOT-ASSIGNED"
    assert (
        await client.post("/v1/logs", json=body, headers=actors.officer("wang"))
    ).status_code == 201
    assert (await client.post("/v1/logs", json=body, headers=actors.supervisor)).status_code == 201


async def test_a_township_never_sees_another_townships_cases(a_case):
    app, client, actors, case_id = a_case
    other = Actors(app, OTHER_TOWNSHIP)
    office = other.headers("township_admin", "office")
    for headers in (other.supervisor, other.officer("zhang"), office):
        seen = await statuses(client, headers, actors.township, case_id)
        assert seen.pop(f"/v1/cases/{case_id}") == 404
        assert set(seen.values()) == {403}, seen
    for headers in (other.supervisor, other.officer("zhang")):  # zhang: assigned, but not there
        acted = await client.post(f"/v1/cases/{case_id}/close", json={}, headers=headers)
        assert acted.status_code == 404 and acted.json()["code"] == "E-NOT-FOUND"
    own = await client.get(
        "/v1/cases", params={"township": OTHER_TOWNSHIP}, headers=other.supervisor
    )
    assert own.status_code == 200 and case_id not in own.text


async def test_the_township_office_reads_its_own_township(a_case):
    _app, client, actors, case_id = a_case
    office = actors.headers("township_admin", "office")
    seen = await statuses(client, office, actors.township, case_id)
    # verify forwards the caller's token to the witness, whose readers are the staff of the log
    assert seen.pop("/v1/logs/verify") == 403
    assert set(seen.values()) == {200}, seen
    opened = await client.post("/v1/cases", json={"township": actors.township}, headers=office)
    assert opened.status_code == 403 and opened.json()["code"] == "AUTH-ROLE"


async def test_a_service_reads_and_signs_checkpoints_of_its_own_county_only(a_case):
    app, client, actors, _case_id = a_case
    settings = app.state.settings
    params = {"township": actors.township}
    ours = auth(settings, "service", org=COUNTY, county=COUNTY, sub="svc-evaluation")
    for path in ("/v1/logs/checkpoints", "/v1/logs/checkpoints/export", "/v1/logs/keys"):
        assert (await client.get(path, params=params, headers=ours)).status_code == 200, path
    assert (
        await client.post("/v1/logs/checkpoints", params=params, headers=ours)
    ).status_code == 201
    entries = await client.get("/v1/logs", params=params, headers=ours)
    assert entries.status_code == 403 and entries.json()["code"] == "AUTH-ROLE"  # cases' facts
    theirs = auth(settings, "service", org=NEIGHBOUR, county=NEIGHBOUR, sub="svc-evaluation")
    refused = await client.get("/v1/logs/checkpoints", params=params, headers=theirs)
    assert refused.status_code == 403 and refused.json()["code"] == "AUTH-SCOPE"
    signed = await client.post("/v1/logs/checkpoints", params=params, headers=theirs)
    assert signed.status_code == 403 and signed.json()["code"] == "AUTH-SCOPE"


async def test_a_role_at_a_unit_of_the_wrong_kind_is_refused_at_the_edge(a_case):
    app, client, _actors, case_id = a_case
    wrong = auth(app.state.settings, "enforcement_supervisor", org=COUNTY, county=COUNTY, sub="c")
    answer = await client.get(f"/v1/cases/{case_id}", headers=wrong)
    assert answer.status_code == 403 and answer.json()["code"] == "AUTH-ROLE-KIND"


def operations() -> list[tuple[str, str, dict]]:
    """(method, path, operation) of every route in the service's OpenAPI document."""
    paths = create_app().openapi()["paths"]
    return [(m.upper(), p, op) for p, ops in paths.items() for m, op in ops.items()]


def test_every_route_declares_its_access():
    found = operations()
    assert len(found) > 20
    assert not [f"{m} {p}" for m, p, op in found if "x-access" not in op]
    lists = {f"{m} {p}": op["x-access"].get("rows") for m, p, op in found}
    assert lists["GET /v1/cases"] == "GET /v1/cases/{case_id}"


def test_auditors_the_evaluator_and_the_catalog_admin_are_granted_reads_only():
    for method, path, op in operations():
        if method == "GET":
            continue
        roles = {role for grant in op["x-access"]["grants"] for role in grant["roles"]}
        assert not roles & {"auditor", "province_auditor", "evaluator", "catalog_admin"}, path


def test_the_approval_routes_are_the_tables_supervisor_only_actions():
    """A command declared for the supervisor alone takes only edges the table gives him alone."""
    approvals = {"file": ("file",), "decide": ("decide", rules.ON_THE_SPOT)}
    approvals |= {"transfer": ("transfer",), "extend": ("extend-filing", "extend-decision")}
    commands = [(p, op) for _m, p, op in operations() if p.startswith("/v1/cases/{case_id}/")]
    assert len(commands) == 10
    for path, op in commands:
        command = path.rsplit("/", 1)[1]
        expected = access.APPROVE_CASE if command in approvals else access.ACT_ON_CASE
        declared = {k: v for k, v in expected.extension().items() if v is not None}
        assert op["x-access"]["grants"] == declared["grants"], command
        for action in approvals.get(command, ()):
            edges = [e for e in rules.CASE.table if e.action == action]
            assert edges and all(rules.OFFICER not in e.roles for e in edges), action
