"""One authorization model (DESIGN §1, issue 14): the examples of the issue, each a named test,
and a test that each refusal fires. Two counties: the demo county and its neighbour (the same
catalog under the neighbour's codes)."""

from __future__ import annotations

from datetime import date

import pytest

from grassroots.common import catalog_versions
from grassroots.common.catalog import validate_catalog
from grassroots.dev.demo_catalog import demo_catalog
from grassroots.testkit.counties import OURS, THEIRS, neighbour_catalog, theirs

PROVINCE, OTHER_PROVINCE = "990000000000", "980000000000"
ACTIONS = ("review", "dispatch", "receipts", "completion", "withdraw", "resubmit")


@pytest.fixture
async def two(api):
    """The api fixture with the neighbour county's catalog in force too, one demand of ours
    admitted and dispatched to a village of 青山镇, and one complaint of that village."""
    app, client, h = api
    document = validate_catalog(neighbour_catalog()).model_dump(mode="json", exclude_none=True)
    async with app.state.database.transaction() as session:
        await catalog_versions.store(session, THEIRS, "2026.1", date(2026, 1, 1), document)
    demand = (await client.post("/v1/demands", json=h.basic_task(), headers=h.dept())).json()
    assert demand["status"] == "admitted", demand
    village = h.QINGSHAN_VILLAGES[0]
    url = f"/v1/demands/{demand['id']}"
    dispatched = await client.post(
        f"{url}/dispatch", json={"villages": [village]}, headers=h.township()
    )
    assert dispatched.status_code == 200, dispatched.text
    complaint = await client.post(
        "/v1/complaints",
        json={"kind": "unclear", "department": h.FORESTRY, "description": "要求不清"},
        headers=h.village(),
    )
    assert complaint.status_code == 201, complaint.text
    return app, client, h, demand["id"], complaint.json()["id"]


def _code(response) -> tuple[int, str | None]:
    body = response.json() if response.headers.get("content-type", "").endswith("json") else {}
    return response.status_code, body.get("code")


async def test_catalog_admin_whose_org_is_a_township_cannot_publish(api):
    _app, client, h = api
    admin = h.role("catalog_admin", h.QINGSHAN)
    response = await client.post("/v1/catalog/versions", json=demo_catalog("2026.9"), headers=admin)
    assert _code(response) == (403, "AUTH-ROLE-KIND")


async def test_catalog_admin_of_another_county_cannot_publish_ours(two):
    app, client, h, _, _ = two
    admin = h.role("catalog_admin", THEIRS)
    response = await client.post("/v1/catalog/versions", json=demo_catalog("2026.9"), headers=admin)
    assert _code(response) == (403, "AUTH-SCOPE")
    async with app.state.database.sessions() as session:
        assert await catalog_versions.get(session, OURS, "2026.9") is None
    own = await client.post(
        "/v1/catalog/versions", json=demo_catalog("2026.9"), headers=h.role("catalog_admin", OURS)
    )
    assert own.status_code == 201, own.text


async def test_reviewer_of_another_county_claiming_ours_is_refused(two):
    _app, client, h, demand_id, complaint_id = two
    claims_ours = h.role("admission_reviewer", theirs(h.SOCIAL_WORK), county=OURS)
    for path in (f"/v1/demands/{demand_id}", "/v1/demands", f"/v1/complaints/{complaint_id}"):
        response = await client.get(path, headers=claims_ours)
        assert _code(response) == (403, "AUTH-COUNTY-MISMATCH"), path
    as_itself = h.role("admission_reviewer", theirs(h.SOCIAL_WORK))
    assert (await client.get(f"/v1/demands/{demand_id}", headers=as_itself)).status_code == 404
    listed = await client.get("/v1/demands", headers=as_itself)
    assert listed.status_code == 200 and listed.json()["items"] == []
    asked = await client.get("/v1/demands", params={"county": OURS}, headers=as_itself)
    assert _code(asked) == (403, "AUTH-SCOPE")


async def test_auditors_read_only_their_own_county(two):
    _app, client, h, demand_id, complaint_id = two
    ours, neighbours = h.role("auditor", OURS), h.role("auditor", THEIRS)
    for path in (f"/v1/demands/{demand_id}", f"/v1/complaints/{complaint_id}"):
        assert (await client.get(path, headers=ours)).status_code == 200
        assert (await client.get(path, headers=neighbours)).status_code == 404
    for path in ("/v1/demands", "/v1/complaints"):
        assert (await client.get(path, headers=ours)).json()["items"]
        assert (await client.get(path, headers=neighbours)).json()["items"] == []
        asked = await client.get(path, params={"county": OURS}, headers=neighbours)
        assert _code(asked) == (403, "AUTH-SCOPE")
    for action in ACTIONS:  # read-only
        response = await client.post(f"/v1/demands/{demand_id}/{action}", json={}, headers=ours)
        assert _code(response) == (403, "AUTH-ROLE"), action
    ruling = await client.post(
        f"/v1/complaints/{complaint_id}/ruling", json={"upheld": True}, headers=ours
    )
    assert _code(ruling) == (403, "AUTH-ROLE")


async def test_province_auditor_reads_the_counties_of_its_province_only(two):
    _app, client, h, demand_id, _ = two
    province, other = (
        h.role("province_auditor", PROVINCE),
        h.role("province_auditor", OTHER_PROVINCE),
    )
    assert (await client.get(f"/v1/demands/{demand_id}", headers=province)).status_code == 200
    listed = await client.get("/v1/demands", params={"county": OURS}, headers=province)
    assert [d["id"] for d in listed.json()["items"]] == [demand_id]
    assert (await client.get(f"/v1/demands/{demand_id}", headers=other)).status_code == 404
    refused = await client.get("/v1/demands", params={"county": OURS}, headers=other)
    assert _code(refused) == (403, "AUTH-SCOPE")


@pytest.mark.parametrize("role", ["evaluator", "catalog_admin"])
async def test_evaluator_and_catalog_admin_never_act_on_demands_or_complaints(two, role):
    _app, client, h, demand_id, complaint_id = two
    headers = h.role(role, OURS)
    for action in ACTIONS:
        body = h.basic_task() if action == "resubmit" else {"action": "approve", "summary": "x"}
        response = await client.post(
            f"/v1/demands/{demand_id}/{action}", json=body, headers=headers
        )
        assert _code(response) == (403, "AUTH-ROLE"), action
    ruling = await client.post(
        f"/v1/complaints/{complaint_id}/ruling",
        json={"upheld": True, "reason": "属实"},
        headers=headers,
    )
    assert _code(ruling) == (403, "AUTH-ROLE")
    # they read within their county, and only there
    assert (await client.get(f"/v1/demands/{demand_id}", headers=headers)).status_code == 200
    elsewhere = h.role(role, THEIRS)
    assert (await client.get(f"/v1/demands/{demand_id}", headers=elsewhere)).status_code == 404


async def test_each_sees_its_own_demands_department_township_village_reviewer(two):
    _app, client, h, demand_id, _ = two
    url = f"/v1/demands/{demand_id}"
    seen = {
        "submitting department": h.dept(),
        "addressed township": h.township(),
        "village it was dispatched to": h.village(),
        "county reviewer": h.reviewer(),
    }
    for who, headers in seen.items():
        assert (await client.get(url, headers=headers)).status_code == 200, who
    hidden = {
        "another department": h.dept(h.LAND),
        "sibling township": h.township(h.SHIMEN),
        "village not dispatched to": h.village(h.QINGSHAN_VILLAGES[1]),
        "their department": h.dept(theirs(h.FORESTRY)),
        "their township": h.role("township_admin", theirs(h.QINGSHAN)),
    }
    for who, headers in hidden.items():
        assert (await client.get(url, headers=headers)).status_code == 404, who


async def test_lists_never_show_a_row_the_item_refuses(two):
    _app, client, h, _, _ = two
    await client.post("/v1/demands", json=h.basic_task(targets=[h.SHIMEN]), headers=h.dept(h.LAND))
    await client.post("/v1/demands", json=h.unlisted_task(), headers=h.dept())  # needs review
    await client.post(
        "/v1/complaints",
        json={"kind": "unclear", "department": h.LAND, "description": "要求不清"},
        headers=h.township(h.SHIMEN),
    )
    principals = [
        h.dept(),
        h.dept(h.LAND),
        h.township(),
        h.township(h.SHIMEN),
        h.village(),
        h.village(h.QINGSHAN_VILLAGES[1]),
        h.reviewer(),
        h.auditor(),
        h.role("evaluator", OURS),
        h.role("service", h.FORESTRY),
        h.role("admission_reviewer", THEIRS),
        h.role("township_admin", theirs(h.QINGSHAN)),
    ]
    for headers in principals:
        for path in ("/v1/demands", "/v1/complaints"):
            items = (await client.get(path, headers=headers)).json()["items"]
            for item in items:
                one = await client.get(f"{path}/{item['id']}", headers=headers)
                assert one.status_code == 200, (path, item["id"])


async def test_township_office_sees_its_villages_complaints_a_village_only_its_own(two):
    _app, client, h, _, complaint_id = two
    url = f"/v1/complaints/{complaint_id}"
    assert (await client.get(url, headers=h.township())).status_code == 200
    assert (await client.get(url, headers=h.village(h.QINGSHAN_VILLAGES[1]))).status_code == 404
    assert (await client.get(url, headers=h.township(h.SHIMEN))).status_code == 404
    listed = await client.get("/v1/complaints", headers=h.township())
    assert [c["id"] for c in listed.json()["items"]] == [complaint_id]


async def test_catalog_and_policy_are_per_county(two):
    _app, client, h, _, _ = two
    their_dept = h.dept(theirs(h.FORESTRY))
    for path in ("/v1/catalog/active", "/v1/catalog/versions/2026.1", "/v1/policies/admission"):
        response = await client.get(path, params={"county": OURS}, headers=their_dept)
        assert _code(response) == (403, "AUTH-SCOPE"), path
        own = await client.get(path, headers=their_dept)
        assert own.status_code == 200 and own.json()["county"] == THEIRS, path
    diff = await client.get(
        "/v1/catalog/diff",
        params={"from": "2026.1", "to": "2026.1", "county": OURS},
        headers=their_dept,
    )
    assert _code(diff) == (403, "AUTH-SCOPE")
    township = await client.get(
        "/v1/catalog/active", params={"county": h.QINGSHAN}, headers=h.dept()
    )
    assert _code(township) == (403, "AUTH-SCOPE")  # not a county
    their_reviewer = h.role("admission_reviewer", THEIRS)
    put = await client.put(
        "/v1/policies/admission", json={"review_mode": "all"}, headers=their_reviewer
    )
    assert put.status_code == 200 and put.json()["county"] == THEIRS
    ours = await client.get("/v1/policies/admission", headers=h.dept())
    assert ours.json()["county"] == OURS and ours.json()["review_mode"] == "exceptions"


async def test_match_and_burden_are_scoped_to_the_county(two):
    _app, client, h, _, _ = two
    text = {"text": "请各乡镇加强巡山护林,严管野外用火", "level": "township"}
    matched = await client.post("/v1/match", json=text, headers=h.dept(theirs(h.FORESTRY)))
    assert matched.status_code == 200 and matched.json()["county"] == THEIRS
    auditor = await client.post("/v1/match", json=text, headers=h.auditor())
    assert _code(auditor) == (403, "AUTH-ROLE")  # auditors read only (GET)
    params = {"org": h.QINGSHAN, "period": "2026-11"}
    assert (await client.get("/v1/burden", params=params, headers=h.reviewer())).status_code == 200
    assert (await client.get("/v1/burden", params=params, headers=h.township())).status_code == 200
    for headers in (
        h.role("admission_reviewer", THEIRS),
        h.role("auditor", THEIRS),
        h.township(h.SHIMEN),
        h.village(),  # a village reads its own ledger, not its township's
    ):
        response = await client.get("/v1/burden", params=params, headers=headers)
        assert _code(response) == (403, "AUTH-SCOPE")
    village = {"org": h.QINGSHAN_VILLAGES[0], "period": "2026-11"}
    assert (await client.get("/v1/burden", params=village, headers=h.village())).status_code == 200


async def test_a_service_submits_only_as_a_department(two):
    _app, client, h, _, _ = two
    as_township = h.role("service", h.QINGSHAN)
    response = await client.post("/v1/demands", json=h.basic_task(), headers=as_township)
    assert _code(response) == (422, "E-SUBMITTER-NOT-DEPARTMENT")
    as_department = h.role("service", h.FORESTRY)
    created = await client.post("/v1/demands", json=h.basic_task(), headers=as_department)
    assert created.status_code == 201, created.text


async def test_a_village_reports_only_for_itself(two):
    _app, client, h, demand_id, _ = two
    url = f"/v1/demands/{demand_id}/receipts"
    other = await client.post(url, json={"org": h.QINGSHAN}, headers=h.village())
    assert _code(other) == (422, "E-ORG-NOT-CALLER")
    not_reached = await client.post(url, headers=h.village(h.QINGSHAN_VILLAGES[1]))
    assert not_reached.status_code == 404
