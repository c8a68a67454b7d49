"""Demands over HTTP: submit, decisions, review, resubmit, withdraw, list, history, ETags."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from grassroots.common.db.plumbing import OutboxRow
from grassroots.common.problems import PROBLEM_JSON


async def _submit(client, h, body, headers=None):
    response = await client.post("/v1/demands", json=body, headers=headers or h.dept())
    assert response.status_code == 201, response.text
    return response.json()


async def test_basic_task_is_admitted_with_matches(api):
    _, client, h = api
    created = await _submit(client, h, h.basic_task())
    assert created["status"] == "admitted"
    assert created["decision"]["outcome"] == "admitted"
    assert created["decision"]["matches"][0]["code"] == "T-B-001"
    assert created["decision"]["matches"][0]["matched_terms"]
    got = await client.get(f"/v1/demands/{created['id']}", headers=h.dept())
    assert got.status_code == 200 and got.headers["etag"] == '"1"'
    assert got.json()["assignments"][0]["org"] == h.QINGSHAN


async def test_every_reason_is_returned_at_once(api):
    _, client, h = api
    body = h.basic_task(
        kind="report_form",
        form_code="F-999",
        form_fields=["户主姓名"],
        deadline=h.deadline(1),
        clarities={"department_does": "无"},
        targets=[h.QINGSHAN, "990199101000"],
    )
    created = await _submit(client, h, body)
    codes = {r["code"] for r in created["decision"]["reasons"]}
    assert created["status"] == "rejected"
    assert {
        "R-FORM-NOT-APPROVED",
        "R-DUPLICATE-REPORTING",
        "R-DEADLINE-TOO-SHORT",
        "R-UNCLEAR",
        "R-TARGET-UNKNOWN",
    } <= codes
    assert all(r["message"] for r in created["decision"]["reasons"])


async def test_review_approve_return_reject_and_history(api):
    _, client, h = api
    first = await _submit(client, h, h.unlisted_task())
    assert first["status"] == "needs_review"
    assert [r["code"] for r in first["decision"]["reasons"]] == ["R-NOT-IN-LIST"]
    url = f"/v1/demands/{first['id']}"
    stale = await client.post(
        f"{url}/review", json={"action": "approve"}, headers={**h.reviewer(), "If-Match": 'W/"9"'}
    )
    assert stale.status_code == 412 and stale.json()["code"] == "E-PRECONDITION"
    approved = await client.post(
        f"{url}/review", json={"action": "approve"}, headers={**h.reviewer(), "If-Match": 'W/"1"'}
    )
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "admitted"
    assert approved.json()["assignments"][0]["active"] is True
    again = await client.post(f"{url}/review", json={"action": "approve"}, headers=h.reviewer())
    assert again.status_code == 409 and again.json()["code"] == "E-DEMAND-STATE"

    second = await _submit(client, h, h.unlisted_task())
    url2 = f"/v1/demands/{second['id']}"
    no_reason = await client.post(f"{url2}/review", json={"action": "return"}, headers=h.reviewer())
    assert no_reason.status_code == 422 and no_reason.json()["code"] == "E-REASON-REQUIRED"
    returned = await client.post(
        f"{url2}/review",
        json={"action": "return", "reason": "请说明比赛经费来源"},
        headers=h.reviewer(),
    )
    assert returned.json()["status"] == "returned"
    assert returned.json()["decision"]["reasons"][-1]["code"] == "R-REVIEWER-RETURN"
    resubmitted = await client.post(f"{url2}/resubmit", json=h.basic_task(), headers=h.dept())
    assert resubmitted.status_code == 200, resubmitted.text
    assert resubmitted.json()["status"] == "admitted"
    assert resubmitted.json()["revision"] == 3
    history = (await client.get(f"{url2}/history", headers=h.dept())).json()
    assert [e["action"] for e in history] == ["submit", "review_return", "resubmit"]
    assert [e["status_to"] for e in history] == ["needs_review", "returned", "admitted"]
    assert history[1]["actor_org"] == h.SOCIAL_WORK and history[1]["reason"]

    third = await _submit(client, h, h.unlisted_task())
    rejected = await client.post(
        f"/v1/demands/{third['id']}/review",
        json={"action": "reject", "reason": "与减负要求不符"},
        headers=h.reviewer(),
    )
    assert rejected.json()["status"] == "rejected"


async def test_resubmit_only_after_return_and_withdraw(api):
    _, client, h = api
    created = await _submit(client, h, h.basic_task(clarities={}))
    assert created["status"] == "returned"
    url = f"/v1/demands/{created['id']}"
    other = await client.post(f"{url}/resubmit", json=h.basic_task(), headers=h.dept(h.LAND))
    assert other.status_code == 404
    same = await client.post(f"{url}/resubmit", json=h.basic_task(clarities={}), headers=h.dept())
    assert same.status_code == 409 and same.json()["code"] == "E-DEMAND-STATE"  # nothing changed
    fixed = await client.post(f"{url}/resubmit", json=h.basic_task(), headers=h.dept())
    assert fixed.json()["status"] == "admitted"
    twice = await client.post(f"{url}/resubmit", json=h.basic_task(), headers=h.dept())
    assert twice.status_code == 409
    withdrawn = await client.post(f"{url}/withdraw", json={"reason": "重复申报"}, headers=h.dept())
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
    again = await client.post(f"{url}/withdraw", headers=h.dept())
    assert again.status_code == 409
    app = api[0]
    async with app.state.database.sessions() as session:
        rows = (
            await session.scalars(select(OutboxRow).where(OutboxRow.key == created["id"]))
        ).all()
    withdrawn_events = [r for r in rows if r.ce_type == "demand.withdrawn.v1"]
    assert len(withdrawn_events) == 1
    assert '"previous_status":"admitted"' in withdrawn_events[0].payload


async def test_policy_review_all(api):
    _, client, h = api
    put = await client.put(
        "/v1/policies/admission", json={"review_mode": "all"}, headers=h.reviewer()
    )
    assert put.status_code == 200 and put.json()["min_deadline_working_days"] == 5
    denied = await client.put("/v1/policies/admission", json={}, headers=h.dept())
    assert denied.status_code == 403
    created = await _submit(client, h, h.basic_task())
    assert created["status"] == "needs_review"
    assert [r["code"] for r in created["decision"]["reasons"]] == ["R-REVIEW-ALL"]


async def test_list_filters_pagination_and_scoping(api):
    _, client, h = api
    for _ in range(3):
        await _submit(client, h, h.basic_task())
    await _submit(client, h, h.unlisted_task())
    await _submit(client, h, h.basic_task(targets=[h.SHIMEN]), headers=h.dept(h.LAND))
    seen, cursor = [], None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = (await client.get("/v1/demands", params=params, headers=h.dept())).json()
        seen += [d["id"] for d in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == 4
    only = await client.get("/v1/demands", params={"status": "needs_review"}, headers=h.dept())
    assert len(only.json()["items"]) == 1
    foreign = await client.get("/v1/demands", params={"submitter": h.LAND}, headers=h.dept())
    assert foreign.status_code == 200 and foreign.json()["items"] == []  # none of them its own
    county = (await client.get("/v1/demands", headers=h.reviewer())).json()["items"]
    assert len(county) == 5
    shimen = (await client.get("/v1/demands", headers=h.township(h.SHIMEN))).json()["items"]
    assert len(shimen) == 1
    target = await client.get("/v1/demands", params={"target": h.SHIMEN}, headers=h.auditor())
    assert len(target.json()["items"]) == 1
    returned = await client.get("/v1/demands", params={"target": h.QINGSHAN}, headers=h.reviewer())
    assert len(returned.json()["items"]) == 4  # the one needing review is aimed at it too
    reached = (await client.get("/v1/demands", headers=h.township())).json()["items"]
    assert len(reached) == 3  # but only the admitted ones reached the township
    soon = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    later = await client.get("/v1/demands", params={"since": soon}, headers=h.reviewer())
    assert later.json()["items"] == []
    before = await client.get("/v1/demands", params={"until": soon}, headers=h.reviewer())
    assert len(before.json()["items"]) == 5
    bad = await client.get("/v1/demands", params={"cursor": "nope"}, headers=h.dept())
    assert bad.status_code == 422 and bad.headers["content-type"] == PROBLEM_JSON


async def test_departments_and_townships_see_only_their_own(api):
    _, client, h = api
    created = await _submit(client, h, h.basic_task())
    url = f"/v1/demands/{created['id']}"
    assert (await client.get(url, headers=h.dept(h.LAND))).status_code == 404
    assert (await client.get(url, headers=h.township(h.SHIMEN))).status_code == 404
    assert (await client.get(url, headers=h.township())).status_code == 200
    assert (await client.get(url, headers=h.auditor())).status_code == 200
    assert (await client.get(f"{url}/history", headers=h.dept(h.LAND))).status_code == 404


async def test_who_may_submit_and_review(api):
    _, client, h = api
    as_township = await client.post("/v1/demands", json=h.basic_task(), headers=h.township())
    assert as_township.status_code == 403
    unknown_dept = h.role("dept_submitter", "91110000600037341L")
    refused = await client.post("/v1/demands", json=h.basic_task(), headers=unknown_dept)
    assert refused.status_code == 403 and refused.json()["code"] == "AUTH-ORG-UNKNOWN"
    created = await _submit(client, h, h.unlisted_task())
    url = f"/v1/demands/{created['id']}/review"
    for headers in (h.dept(), h.township(), h.village(), h.auditor()):
        response = await client.post(url, json={"action": "approve"}, headers=headers)
        assert response.status_code == 403
    other_county = h.role("admission_reviewer", "990102000000", county="990102000000")
    response = await client.post(url, json={"action": "approve"}, headers=other_county)
    assert response.status_code == 404
    assert (await client.post("/v1/demands", json=h.basic_task())).status_code == 401


async def test_malformed_input_is_4xx(api):
    _, client, h = api
    for body in ({}, {"kind": "nope"}, h.basic_task(targets=[]), h.basic_task(deadline="x")):
        response = await client.post("/v1/demands", json=body, headers=h.dept())
        assert response.status_code == 422, response.text
    assert (await client.get("/v1/demands/nope", headers=h.dept())).status_code == 404


async def test_a_demand_returned_by_the_reviewer_may_be_sent_again_unchanged(api):
    _, client, h = api
    created = await _submit(client, h, h.unlisted_task())
    url = f"/v1/demands/{created['id']}"
    returned = await client.post(
        f"{url}/review", json={"action": "return", "reason": "请补充说明"}, headers=h.reviewer()
    )
    assert returned.json()["status"] == "returned"
    again = await client.post(f"{url}/resubmit", json=h.unlisted_task(), headers=h.dept())
    assert again.status_code == 200 and again.json()["status"] == "needs_review"
    history = (await client.get(f"{url}/history", headers=h.dept())).json()
    assert [(e["status_from"], e["status_to"]) for e in history] == [
        (None, "needs_review"),
        ("needs_review", "returned"),
        ("returned", "needs_review"),
    ]
