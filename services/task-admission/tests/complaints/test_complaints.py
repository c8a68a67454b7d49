"""Complaints (一键投诉): filed by townships and villages, ruled once by a county reviewer."""

from sqlalchemy import select

from grassroots.common.db.plumbing import OutboxRow

MARKET = "11990101MB0000051E"


def _complaint(**overrides):
    body = {
        "kind": "bypassed_platform",
        "department": MARKET,
        "description": "县市场监管局通过微信群直接要求各村检查食品作坊,未经平台派单",
    }
    body.update(overrides)
    return body


async def test_file_and_rule(api):
    app, client, h = api
    filed = await client.post("/v1/complaints", json=_complaint(), headers=h.village())
    assert filed.status_code == 201, filed.text
    complaint = filed.json()
    assert complaint["status"] == "filed" and complaint["complainant"] == h.QINGSHAN_VILLAGES[0]
    url = f"/v1/complaints/{complaint['id']}"
    assert (await client.get(url, headers=h.dept(MARKET))).status_code == 200
    assert (await client.get(url, headers=h.dept())).status_code == 404
    assert (await client.get(url, headers=h.village(h.SHIMEN_VILLAGE))).status_code == 404
    for headers in (h.village(), h.township(), h.dept(MARKET), h.auditor()):
        denied = await client.post(f"{url}/ruling", json={"upheld": True}, headers=headers)
        assert denied.status_code == 403
    no_reason = await client.post(f"{url}/ruling", json={"upheld": False}, headers=h.reviewer())
    assert no_reason.status_code == 422
    ruled = await client.post(
        f"{url}/ruling", json={"upheld": True, "reason": "情况属实"}, headers=h.reviewer()
    )
    assert ruled.status_code == 200 and ruled.json()["status"] == "upheld"
    again = await client.post(
        f"{url}/ruling", json={"upheld": False, "reason": "x"}, headers=h.reviewer()
    )
    assert again.status_code == 409
    mine = await client.get("/v1/complaints", headers=h.village())
    assert [c["id"] for c in mine.json()["items"]] == [complaint["id"]]
    against = await client.get(
        "/v1/complaints", params={"status": "upheld"}, headers=h.dept(MARKET)
    )
    assert len(against.json()["items"]) == 1
    async with app.state.database.transaction() as session:
        types = (await session.scalars(select(OutboxRow.ce_type))).all()
    assert {"complaint.filed.v1", "complaint.ruled.v1"} <= set(types)


async def test_complaint_validation(api):
    _app, client, h = api
    as_dept = await client.post("/v1/complaints", json=_complaint(), headers=h.dept())
    assert as_dept.status_code == 403
    unknown = await client.post(
        "/v1/complaints", json=_complaint(department="91110000600037341L"), headers=h.township()
    )
    assert unknown.status_code == 422 and unknown.json()["code"] == "E-DEPARTMENT-UNKNOWN"
    no_demand = await client.post(
        "/v1/complaints", json=_complaint(demand_id="dm_nope"), headers=h.township()
    )
    assert no_demand.status_code == 422 and no_demand.json()["code"] == "E-DEMAND-UNKNOWN"
    bad = await client.post("/v1/complaints", json={"kind": "x"}, headers=h.township())
    assert bad.status_code == 422
