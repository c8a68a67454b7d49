"""The gate learns from its reviewers: a re-mapped demand's text becomes a candidate example of the
item the reviewer chose (audited), offered to the catalog admin; a version carrying it matches it."""

from sqlalchemy import select

from grassroots.common.db.plumbing import AuditRow
from grassroots.dev.demo_catalog import demo_catalog

CANDIDATES = "/v1/match/example-candidates"


async def _needs_review(client, h) -> dict:
    created = await client.post("/v1/demands", json=h.unlisted_task(), headers=h.dept())
    assert created.status_code == 201, created.text
    assert created.json()["status"] == "needs_review"
    return created.json()


def _admin(h) -> dict[str, str]:
    return h.role("catalog_admin", h.COUNTY, county=h.COUNTY)


async def test_a_re_mapped_demand_teaches_an_example_of_the_chosen_item(api):
    app, client, h = api
    demand = await _needs_review(client, h)
    matched = demand["decision"]["matches"][0]["code"]
    assert matched != "T-B-065"
    review = {"action": "approve", "duty_item_code": "T-B-065"}
    approved = await client.post(
        f"/v1/demands/{demand['id']}/review", json=review, headers=h.reviewer()
    )
    assert approved.status_code == 200, approved.text
    body = approved.json()
    assert body["duty_item_code"] == "T-B-065" and body["status"] == "admitted"
    assert body["decision"]["remapped"] == {"matched": matched, "chosen": "T-B-065"}

    page = await client.get(CANDIDATES, headers=_admin(h))
    assert page.status_code == 200, page.text
    [candidate] = page.json()["candidates"]
    assert candidate["item_code"] == "T-B-065" and candidate["matched_code"] == matched
    assert candidate["demand_id"] == demand["id"] and "书法摄影" in candidate["text"]
    assert candidate["catalog_version"] == "2026.1"
    by_item = await client.get(CANDIDATES, params={"item": "T-B-001"}, headers=_admin(h))
    assert by_item.json()["candidates"] == []
    async with app.state.database.transaction() as session:
        audits = list(await session.scalars(select(AuditRow).where(AuditRow.action == "propose")))
    assert [(a.entity, a.entity_id, a.changes["item_code"]) for a in audits] == [
        ("example_candidate", candidate["id"], "T-B-065")
    ]
    assert (
        audits[0].actor_sub == candidate["proposed_by"]
        and "admission_reviewer" in audits[0].actor_roles
    )

    # the admin publishes a version carrying the example: the same text now matches that item
    raw = demo_catalog(version="2026.2", effective_from="2026-01-02")
    for item in raw["duty_items"]:
        if item["code"] == "T-B-065":
            item["examples"] = [candidate["text"]]
    published = await client.post("/v1/catalog/versions", json=raw, headers=_admin(h))
    assert published.status_code == 201, published.text
    text = {"text": candidate["text"], "level": "township", "limit": 1}
    again = await client.post("/v1/match", json=text, headers=h.dept())
    assert again.json()["catalog_version"] == "2026.2"
    [top] = again.json()["matches"]
    assert top["code"] == "T-B-065" and top["similarity"] > 0.95


async def test_a_review_that_agrees_with_the_gate_teaches_nothing(api):
    _, client, h = api
    demand = await _needs_review(client, h)
    matched = demand["decision"]["matches"][0]["code"]  # whatever its list: a return may name it
    review = {"action": "return", "duty_item_code": matched, "reason": "请补充经费来源"}
    done = await client.post(
        f"/v1/demands/{demand['id']}/review", json=review, headers=h.reviewer()
    )
    assert done.status_code == 200, done.text
    assert (await client.get(CANDIDATES, headers=_admin(h))).json()["candidates"] == []


async def test_re_mapping_refuses_unknown_other_level_and_approving_a_withdrawn_item(api):
    _, client, h = api
    demand = await _needs_review(client, h)
    url = f"/v1/demands/{demand['id']}/review"
    for review, status, code in (
        ({"action": "approve", "duty_item_code": "T-B-999"}, 422, "E-REMAP-UNKNOWN"),
        ({"action": "approve", "duty_item_code": "V-M-001"}, 422, "E-REMAP-LEVEL"),
        ({"action": "approve", "duty_item_code": "T-W-001"}, 409, "E-REMAP-FORBIDDEN"),
    ):
        refused = await client.post(url, json=review, headers=h.reviewer())
        assert refused.status_code == status and refused.json()["code"] == code, refused.text
    assert (await client.get(f"/v1/demands/{demand['id']}", headers=h.dept())).json()[
        "status"
    ] == "needs_review"  # nothing applied
    # rejecting as a withdrawn item is a lesson too: the gate should have caught it
    review = {"action": "reject", "reason": "实为收回事项", "duty_item_code": "T-W-001"}
    rejected = await client.post(url, json=review, headers=h.reviewer())
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
    [candidate] = (await client.get(CANDIDATES, headers=_admin(h))).json()["candidates"]
    assert candidate["item_code"] == "T-W-001"


async def test_candidates_are_the_county_catalog_admins_and_auditors(api):
    _, client, h = api
    assert (await client.get(CANDIDATES, headers=h.auditor())).status_code == 200
    for headers in (h.dept(), h.reviewer(), h.township()):
        refused = await client.get(CANDIDATES, headers=headers)
        assert refused.status_code == 403 and refused.json()["code"] == "AUTH-ROLE"
    bad = await client.get(CANDIDATES, params={"cursor": "nonsense"}, headers=_admin(h))
    assert bad.status_code == 422 and bad.json()["code"] == "E-CURSOR"


async def test_candidates_page_oldest_first(api):
    _, client, h = api
    made = []
    for _ in range(3):
        demand = await _needs_review(client, h)
        review = {"action": "approve", "duty_item_code": "T-B-065"}
        await client.post(f"/v1/demands/{demand['id']}/review", json=review, headers=h.reviewer())
        made.append(demand["id"])
    seen, cursor = [], None
    while True:
        params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        page = (await client.get(CANDIDATES, params=params, headers=_admin(h))).json()
        seen += [c["demand_id"] for c in page["candidates"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == made
