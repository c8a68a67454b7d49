"""Officers: registration, certificate rules, expiring certificates, township boundaries."""

from datetime import timedelta

from enforcementtest_factories import OTHER_TOWNSHIP, Actors, add_officer

from grassroots.common import clock


async def test_register_and_list_expiring(enforcement):
    app, client = enforcement
    actors = Actors(app)
    soon = str(clock.today() + timedelta(days=20))  # China's date, as the service counts
    await add_officer(client, actors, "zhang", "C-0001")
    await add_officer(client, actors, "li", "C-0002", valid_until=soon)
    listed = await client.get(
        "/v1/officers", params={"township": actors.township}, headers=actors.officer()
    )
    assert listed.status_code == 200 and len(listed.json()["items"]) == 2
    expiring = await client.get(
        "/v1/officers",
        params={"township": actors.township, "expiring_within_days": 30},
        headers=actors.auditor,
    )
    items = expiring.json()["items"]
    assert [o["certificate_no"] for o in items] == ["C-0002"]
    assert items[0]["days_to_expiry"] == 20


async def test_certificate_rules_and_boundaries(enforcement):
    app, client = enforcement
    actors = Actors(app)
    await add_officer(client, actors, "zhang", "C-0001")
    body = {
        "name": "王五",
        "township": actors.township,
        "certificate_no": "C-0001",
        "valid_from": "2026-01-01",
        "valid_until": "2027-01-01",
    }
    dup = await client.post("/v1/officers", json=body, headers=actors.supervisor)
    assert dup.status_code == 409 and dup.json()["code"] == "E-CERTIFICATE-EXISTS"
    backwards = {**body, "certificate_no": "C-0009", "valid_until": "2025-01-01"}
    bad = await client.post("/v1/officers", json=backwards, headers=actors.supervisor)
    assert bad.status_code == 422 and bad.json()["code"] == "E-CERTIFICATE-DATES"
    other = {**body, "certificate_no": "C-0010", "township": OTHER_TOWNSHIP}
    foreign = await client.post("/v1/officers", json=other, headers=actors.supervisor)
    assert foreign.status_code == 403 and foreign.json()["code"] == "AUTH-SCOPE"
    officer = await client.post(
        "/v1/officers", json={**body, "certificate_no": "C-0011"}, headers=actors.officer()
    )
    assert officer.status_code == 403
    auditor = await client.post(
        "/v1/officers", json={**body, "certificate_no": "C-0012"}, headers=actors.auditor
    )
    assert auditor.status_code == 403
    scoped = {**body, "certificate_no": "C-0013", "scope": ["ZF-001", "ZF-999"]}
    unknown = await client.post("/v1/officers", json=scoped, headers=actors.supervisor)
    assert unknown.status_code == 422 and unknown.json()["code"] == "E-ITEM-UNKNOWN"
    peek = await client.get(
        "/v1/officers", params={"township": OTHER_TOWNSHIP}, headers=actors.officer()
    )
    assert peek.status_code == 403
