"""Delegated enforcement items from the active catalog; idempotent creation; time checks."""

from enforcementtest_factories import OTHER_TOWNSHIP, Actors, ago, open_case


async def test_delegated_items_of_a_township(enforcement):
    app, client = enforcement
    actors = Actors(app)
    response = await client.get(
        "/v1/enforcement-items", params={"township": actors.township}, headers=actors.officer()
    )
    body = response.json()
    codes = {item["code"] for item in body["items"]}
    assert body["catalog_version"] == "2026.1"
    assert "ZF-001" in codes and "ZF-002" in codes and "ZF-006" not in codes
    zf1 = next(i for i in body["items"] if i["code"] == "ZF-001")
    assert (zf1["fine_min"], zf1["fine_max"], zf1["delegated"]) == (500, 2000, True)
    assert zf1["legal_basis"].startswith("《中华人民共和国大气污染防治法》")
    every = await client.get(
        "/v1/enforcement-items",
        params={"township": actors.township, "all_items": True},
        headers=actors.auditor,
    )
    river = next(i for i in every.json()["items"] if i["code"] == "ZF-006")
    assert river["delegated"] is False and river["origin_department"] == "11990101MB0000115C"
    early = await client.get(
        "/v1/enforcement-items",
        params={"township": actors.township, "on": "2020-01-01"},
        headers=actors.officer(),
    )
    assert early.status_code == 404
    foreign = await client.get(
        "/v1/enforcement-items", params={"township": OTHER_TOWNSHIP}, headers=actors.officer()
    )
    assert foreign.status_code == 403


async def test_idempotent_case_creation(enforcement):
    app, client = enforcement
    actors = Actors(app)
    body = {
        "township": actors.township,
        "item_code": "ZF-001",
        "source": "complaint",
        "facts": "群众投诉焚烧秸秆",
        "discovered_at": ago(1).isoformat(),
    }
    headers = {**actors.supervisor, "Idempotency-Key": "complaint-7781"}
    first = await client.post("/v1/cases", json=body, headers=headers)
    again = await client.post("/v1/cases", json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    page = await client.get("/v1/cases", params={"township": actors.township}, headers=headers)
    assert len(page.json()["items"]) == 1


async def test_times_are_checked(staffed):
    _app, client, actors, officers = staffed
    ancient = await client.post(
        "/v1/cases",
        json={
            "township": actors.township,
            "item_code": "ZF-001",
            "source": "complaint",
            "facts": "x",
            "discovered_at": "0001-01-01T00:00:00+08:00",
        },
        headers=actors.supervisor,
    )
    assert ancient.status_code == 422 and ancient.json()["code"] == "E-TIME-RANGE"
    act_after = await client.post(
        "/v1/cases",
        json={
            "township": actors.township,
            "item_code": "ZF-001",
            "source": "complaint",
            "facts": "x",
            "discovered_at": ago(2).isoformat(),
            "act_date": "9999-12-31",
        },
        headers=actors.supervisor,
    )
    assert act_after.status_code == 422 and act_after.json()["code"] == "E-ACT-DATE"
    case = await open_case(client, actors, discovered_at=ago(2).isoformat(), act_date=None)
    before = await client.post(
        f"/v1/cases/{case['id']}/file",
        json={"officers": officers, "at": ago(3).isoformat()},
        headers=actors.supervisor,
    )
    assert before.status_code == 422 and before.json()["code"] == "E-TIME-ORDER"
    future_act = await client.post(
        f"/v1/cases/{case['id']}/file",
        json={"officers": officers, "act_date": "9999-01-01"},
        headers=actors.supervisor,
    )
    assert future_act.status_code == 422 and future_act.json()["code"] == "E-ACT-DATE"
