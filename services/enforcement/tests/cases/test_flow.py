"""Cases over HTTP (database only): the general path, refusals with their codes, transfers."""

from datetime import date, timedelta

from enforcementtest_factories import ORG_ID, Actors, add_officer, ago, open_case
from sqlalchemy import select

from grassroots.common.clock import china_date
from grassroots.common.db.plumbing import OutboxRow


async def post(client, case_id, action, headers, **body):
    return await client.post(f"/v1/cases/{case_id}/{action}", json=body, headers=headers)


async def outbox_types(app) -> list[str]:
    async with app.state.database.transaction() as session:
        return list((await session.scalars(select(OutboxRow.ce_type).order_by(OutboxRow.id))).all())


async def test_general_procedure_walks_to_closed(staffed):
    app, client, actors, officers = staffed
    case = await open_case(client, actors)
    assert case["state"] == "discovered" and case["deadlines"]["filing_due"]
    cid = case["id"]
    one = await post(
        client, cid, "file", actors.supervisor, officers=officers[:1], at=ago(29).isoformat()
    )
    assert one.status_code == 422 and one.json()["code"] == "E-TWO-OFFICERS"
    filed = await post(
        client, cid, "file", actors.supervisor, officers=officers, at=ago(29).isoformat()
    )
    assert filed.status_code == 200, filed.text
    assert filed.json()["state"] == "filed" and filed.headers["etag"] == '"2"'
    assert (
        await post(client, cid, "investigate", actors.officer("zhang"), at=ago(28).isoformat())
    ).status_code == 200
    early = await post(
        client, cid, "decide", actors.supervisor, fine_yuan=1000, at=ago(27).isoformat()
    )
    assert early.status_code == 409 and early.json()["code"] == "E-NOTICE-REQUIRED"
    too_much = await post(
        client,
        cid,
        "notify",
        actors.officer("wang"),
        proposed_fine=5000,
        grounds="大气法",
        at=ago(27).isoformat(),
    )
    assert too_much.status_code == 422 and too_much.json()["code"] == "E-FINE-RANGE"
    notified = await post(
        client,
        cid,
        "notify",
        actors.officer("wang"),
        proposed_fine=1000,
        grounds="大气法",
        at=ago(27).isoformat(),
    )
    assert notified.status_code == 200, notified.text
    hearing = await post(
        client, cid, "hearing", actors.officer("wang"), requested_on=str(china_date(ago(26)))
    )
    assert hearing.status_code == 409 and hearing.json()["code"] == "E-HEARING-NOT-ELIGIBLE"
    over = await post(
        client, cid, "decide", actors.supervisor, fine_yuan=2500, at=ago(20).isoformat()
    )
    assert over.status_code == 422 and over.json()["code"] == "E-FINE-RANGE"
    by_officer = await post(client, cid, "decide", actors.officer("zhang"), fine_yuan=1000)
    assert by_officer.status_code == 403
    decided = await post(
        client, cid, "decide", actors.supervisor, fine_yuan=1000, at=ago(20).isoformat()
    )
    assert decided.status_code == 200, decided.text
    assert decided.json()["deadlines"]["service_due"] == str(
        china_date(ago(20)) + timedelta(days=7)
    )
    served = await post(client, cid, "serve", actors.officer("zhang"), at=ago(18).isoformat())
    assert served.status_code == 200, served.text
    short = await post(
        client,
        cid,
        "execute",
        actors.officer("zhang"),
        paid_yuan=1000,
        paid_on=str(china_date(ago(0))),
        at=ago(0.01).isoformat(),
    )
    assert short.status_code == 422 and short.json()["code"] == "E-PAYMENT-SHORT"
    paid = await post(
        client, cid, "execute", actors.officer("zhang"), paid_yuan=1000, at=ago(10).isoformat()
    )
    assert paid.status_code == 200 and paid.json()["surcharge_yuan"] == 0
    closed = await post(
        client, cid, "close", actors.officer("zhang"), outcome="罚款已缴纳", at=ago(9).isoformat()
    )
    assert closed.status_code == 200 and closed.json()["state"] == "closed"
    again = await post(client, cid, "close", actors.supervisor)
    assert again.status_code == 409 and again.json()["code"] == "E-ILLEGAL-TRANSITION"
    types = await outbox_types(app)
    for t in ("case.filed.v1", "case.decided.v1", "case.closed.v1", "log.appended.v1"):
        assert t in types
    log = await client.get(
        "/v1/logs", params={"township": actors.township, "case_id": cid}, headers=actors.auditor
    )
    kinds = [e["kind"] for e in log.json()["items"]]
    assert kinds == [
        "case.discover",
        "case.file",
        "case.investigate",
        "case.notify",
        "case.decide",
        "case.serve",
        "case.execute",
        "case.close",
    ]


async def test_simplified_procedure_limits(staffed):
    _app, client, actors, officers = staffed
    case = await open_case(
        client, actors, procedure="simplified", officers=officers, item_code="ZF-011"
    )
    over = await post(
        client, case["id"], "decide", actors.supervisor, fine_yuan=300, party_present=True
    )
    assert over.status_code == 422 and over.json()["code"] == "E-SIMPLIFIED-LIMIT"
    lone = await post(
        client,
        case["id"],
        "decide",
        actors.supervisor,
        fine_yuan=200,
        party_present=True,
        officers=officers[:1],
    )
    assert lone.status_code == 422 and lone.json()["code"] == "E-TWO-OFFICERS"
    ok = await post(
        client, case["id"], "decide", actors.supervisor, fine_yuan=200, party_present=True
    )
    assert ok.status_code == 200 and ok.json()["state"] == "decided"
    org = await open_case(
        client,
        actors,
        procedure="simplified",
        officers=officers,
        item_code="ZF-009",
        party={"name": "某公司", "id_type": "uscc", "id_no": ORG_ID},
    )
    ok = await post(
        client, org["id"], "decide", actors.supervisor, fine_yuan=3000, party_present=True
    )
    assert ok.status_code == 200, ok.text
    stale = await open_case(
        client,
        actors,
        procedure="simplified",
        officers=officers,
        item_code="ZF-011",
        discovered_at=ago(1).isoformat(),
        act_date=str(china_date(ago(800))),
    )
    old = await post(client, stale["id"], "decide", actors.supervisor, fine_yuan=100)
    assert old.status_code == 422 and old.json()["code"] == "E-LIMITATION"


async def test_undelegated_item_is_transferred(staffed):
    app, client, actors, _officers = staffed
    case = await open_case(client, actors, item_code="ZF-006")
    assert case["state"] == "transferred"
    assert case["transfer_reason"] == "E-ITEM-NOT-DELEGATED"
    assert case["transferred_to"] == "11990101MB0000115C"
    assert "case.transferred.v1" in await outbox_types(app)
    unknown = await client.post(
        "/v1/cases",
        json={
            "township": actors.township,
            "item_code": "ZF-999",
            "source": "complaint",
            "facts": "x",
            "discovered_at": ago(1).isoformat(),
        },
        headers=actors.supervisor,
    )
    assert unknown.status_code == 422 and unknown.json()["code"] == "E-ITEM-UNKNOWN"


async def test_filing_refusals(staffed):
    _app, client, actors, officers = staffed
    expired = await add_officer(
        client,
        actors,
        "old",
        "9901019999",
        valid_from=str(date.today() - timedelta(days=900)),
        valid_until=str(date.today() - timedelta(days=100)),
    )
    case = await open_case(client, actors)
    bad = await post(client, case["id"], "file", actors.supervisor, officers=[officers[0], expired])
    assert bad.status_code == 422 and bad.json()["code"] == "E-CERTIFICATE-INVALID"
    by_officer = await post(client, case["id"], "file", actors.officer("zhang"), officers=officers)
    assert by_officer.status_code == 403
    late = await open_case(
        client, actors, discovered_at=ago(60).isoformat(), act_date=str(china_date(ago(61)))
    )
    refused = await post(client, late["id"], "file", actors.supervisor, officers=officers)
    assert refused.status_code == 422 and refused.json()["code"] == "E-FILING-LATE"
    ext = await post(
        client, late["id"], "extend", actors.supervisor, limit="filing", reason="补充证据"
    )
    assert ext.status_code == 422 and ext.json()["code"] == "E-FILING-LATE"
    stale = await open_case(
        client, actors, discovered_at=ago(3).isoformat(), act_date=str(china_date(ago(3 + 800)))
    )
    assert stale["state"] == "discovered"
    old = await post(client, stale["id"], "file", actors.supervisor, officers=officers)
    assert old.status_code == 422 and old.json()["code"] == "E-LIMITATION"
    not_filed = await post(
        client, stale["id"], "close", actors.supervisor, outcome="超过时效不予立案"
    )
    assert not_filed.json()["state"] == "not_filed"
    bad_party = await client.post(
        "/v1/cases",
        json={
            "township": actors.township,
            "item_code": "ZF-001",
            "source": "complaint",
            "facts": "x",
            "discovered_at": ago(1).isoformat(),
            "party": {"name": "x", "id_type": "resident", "id_no": "110105194912310021"},
        },
        headers=actors.supervisor,
    )
    assert bad_party.status_code == 422 and bad_party.json()["code"] == "E-PARTY-ID"


async def test_extensions_hearing_and_decision_limit(staffed):
    _app, client, actors, officers = staffed
    case = await open_case(
        client,
        actors,
        item_code="ZF-012",
        discovered_at=ago(130).isoformat(),
        act_date=str(china_date(ago(131))),
    )
    cid = case["id"]
    assert (
        await post(
            client,
            cid,
            "extend",
            actors.supervisor,
            limit="filing",
            reason="现场勘验",
            at=ago(129).isoformat(),
        )
    ).status_code == 200
    twice = await post(
        client,
        cid,
        "extend",
        actors.supervisor,
        limit="filing",
        reason="再延",
        at=ago(129).isoformat(),
    )
    assert twice.status_code == 409 and twice.json()["code"] == "E-EXTENSION-LIMIT"
    assert (
        await post(
            client, cid, "file", actors.supervisor, officers=officers, at=ago(120).isoformat()
        )
    ).status_code == 200
    assert (
        await post(client, cid, "investigate", actors.officer("zhang"), at=ago(119).isoformat())
    ).status_code == 200
    ext = await post(
        client,
        cid,
        "extend",
        actors.supervisor,
        limit="decision",
        days=30,
        reason="案情复杂",
        at=ago(40).isoformat(),
    )
    assert ext.status_code == 200 and ext.json()["decision_extensions"][0]["days"] == 30
    note = await post(
        client,
        cid,
        "notify",
        actors.officer("zhang"),
        proposed_fine=20000,
        grounds="土地管理法",
        at=ago(12).isoformat(),
    )
    assert note.status_code == 200
    late_req = await post(
        client, cid, "hearing", actors.officer("zhang"), requested_on=str(china_date(ago(5)))
    )
    assert late_req.status_code == 422
    assert late_req.json()["code"] == "E-HEARING-REQUEST-DATE"
    requested = await post(
        client,
        cid,
        "hearing",
        actors.officer("zhang"),
        requested_on=str(china_date(ago(10))),
        at=ago(10).isoformat(),
    )
    assert requested.status_code == 200 and requested.json()["state"] == "hearing"
    not_held = await post(client, cid, "decide", actors.supervisor, fine_yuan=20000)
    assert not_held.status_code == 409 and not_held.json()["code"] == "E-HEARING-NOT-HELD"
    hearing = await post(
        client,
        cid,
        "hearing",
        actors.officer("zhang"),
        requested_on=str(china_date(ago(10))),
        held_on=str(china_date(ago(8))),
        at=ago(8).isoformat(),
    )
    assert hearing.status_code == 200 and hearing.json()["hearing_held_on"] == str(
        china_date(ago(8))
    )
    # filed 120 days ago: 90 + 30 days ends today, so a decision now is on time
    decided = await post(
        client, cid, "decide", actors.supervisor, fine_yuan=20000, at=ago(0.01).isoformat()
    )
    assert decided.status_code == 200, decided.text


async def test_decision_late_and_hearing_window(staffed):
    _app, client, actors, officers = staffed
    case = await open_case(
        client,
        actors,
        item_code="ZF-012",
        discovered_at=ago(10).isoformat(),
        act_date=str(china_date(ago(11))),
    )
    cid = case["id"]
    await post(client, cid, "file", actors.supervisor, officers=officers, at=ago(9).isoformat())
    await post(client, cid, "investigate", actors.officer("zhang"), at=ago(8).isoformat())
    await post(
        client,
        cid,
        "notify",
        actors.officer("zhang"),
        proposed_fine=20000,
        grounds="g",
        at=ago(3).isoformat(),
    )
    window = await post(
        client, cid, "decide", actors.supervisor, fine_yuan=20000, at=ago(1).isoformat()
    )
    assert window.status_code == 409 and window.json()["code"] == "E-HEARING-WINDOW"
    light = await open_case(
        client,
        actors,
        item_code="ZF-012",
        discovered_at=ago(100).isoformat(),
        act_date=str(china_date(ago(101))),
    )
    await post(
        client, light["id"], "file", actors.supervisor, officers=officers, at=ago(99).isoformat()
    )
    await post(client, light["id"], "investigate", actors.officer("zhang"), at=ago(98).isoformat())
    await post(
        client,
        light["id"],
        "notify",
        actors.officer("zhang"),
        proposed_fine=2000,
        grounds="g",
        at=ago(3).isoformat(),
    )
    late = await post(
        client, light["id"], "decide", actors.supervisor, fine_yuan=2000, at=ago(1).isoformat()
    )
    assert late.status_code == 422 and late.json()["code"] == "E-DECISION-LATE"


async def test_authorization_township_and_assignment(staffed):
    app, client, actors, officers = staffed
    case = await open_case(
        client, actors, officers=officers, discovered_at=ago(2).isoformat(), act_date=None
    )
    cid = case["id"]
    assert (await post(client, cid, "file", actors.supervisor)).status_code == 200
    # not assigned: the case is not found for acting (ACT_ON_CASE), as for any other caller
    stranger = await post(client, cid, "investigate", actors.officer("zhao"))
    assert stranger.status_code == 404 and stranger.json()["code"] == "E-NOT-FOUND"
    other = Actors(app, "990101102000")
    foreign = await client.get(f"/v1/cases/{cid}", headers=other.supervisor)
    assert foreign.status_code == 404
    listing = await client.get(
        "/v1/cases", params={"township": actors.township}, headers=other.supervisor
    )
    assert listing.status_code == 403
    audit = await client.get(f"/v1/cases/{cid}", headers=actors.auditor)
    assert audit.status_code == 200
    write = await post(client, cid, "investigate", actors.auditor)
    assert write.status_code == 403
    stale = await client.post(
        f"/v1/cases/{cid}/investigate",
        json={},
        headers={**actors.officer("zhang"), "If-Match": '"1"'},
    )
    assert stale.status_code == 412 and stale.json()["code"] == "E-PRECONDITION"
    fresh = await client.post(
        f"/v1/cases/{cid}/investigate",
        json={},
        headers={**actors.officer("zhang"), "If-Match": '"2"'},
    )
    assert fresh.status_code == 200
    page = await client.get(
        "/v1/cases",
        params={"township": actors.township, "state": "investigating"},
        headers=actors.officer(),
    )
    assert [c["id"] for c in page.json()["items"]] == [cid]
    future = await post(
        client,
        cid,
        "notify",
        actors.officer("zhang"),
        proposed_fine=600,
        grounds="g",
        at=ago(-1).isoformat(),
    )
    assert future.status_code == 422 and future.json()["code"] == "E-FUTURE-TIME"
    missing = await post(client, "case_nope", "file", actors.supervisor)
    assert missing.status_code == 404


async def test_manual_transfer_withdrawal_and_refusals(staffed):
    app, client, actors, officers = staffed
    case = await open_case(
        client, actors, officers=officers, discovered_at=ago(2).isoformat(), act_date=None
    )
    cid = case["id"]
    assert (await post(client, cid, "file", actors.supervisor)).status_code == 200
    by_officer = await post(client, cid, "transfer", actors.officer("zhang"), reason="涉嫌犯罪")
    assert by_officer.status_code == 403
    moved = await post(
        client,
        cid,
        "transfer",
        actors.supervisor,
        to="11990101MB0000094U",
        reason="涉嫌犯罪移送公安",
    )
    assert moved.status_code == 200 and moved.json()["state"] == "transferred"
    assert moved.json()["transferred_to"] == "11990101MB0000094U"
    again = await post(client, cid, "investigate", actors.officer("zhang"))
    assert again.status_code == 409 and again.json()["code"] == "E-ILLEGAL-TRANSITION"
    other = await open_case(
        client, actors, officers=officers, discovered_at=ago(2).isoformat(), act_date=None
    )
    await post(client, other["id"], "file", actors.supervisor)
    withdrawn = await post(
        client, other["id"], "close", actors.supervisor, outcome="违法事实不成立"
    )
    assert withdrawn.json()["state"] == "withdrawn"
    closed_events = [
        e for e in await outbox_types(app) if e in ("case.closed.v1", "case.transferred.v1")
    ]
    assert closed_events == ["case.transferred.v1", "case.closed.v1"]
    quick = await open_case(
        client,
        actors,
        procedure="simplified",
        officers=officers,
        discovered_at=ago(1).isoformat(),
        act_date=None,
    )
    extend = await post(
        client, quick["id"], "extend", actors.supervisor, limit="decision", days=10, reason="x"
    )
    assert extend.status_code == 409 and extend.json()["code"] == "E-ILLEGAL-TRANSITION"
    log = await client.get(
        "/v1/logs", params={"township": actors.township, "case_id": cid}, headers=actors.auditor
    )
    assert [e["kind"] for e in log.json()["items"]] == [
        "case.discover",
        "case.file",
        "case.transfer",
    ]
