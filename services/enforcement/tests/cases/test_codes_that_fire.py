"""Case codes that fire: no catalog for the county, a hearing before its request, filing or
deciding without the item or the party."""

from datetime import date, timedelta

import pytest
from enforcementtest_factories import PERSON_ID, TOWNSHIP, ago, open_case, referral
from sqlalchemy import func, select

from grassroots.common.clock import china_date
from grassroots.common.db.plumbing import OutboxRow
from grassroots.common.events.envelope import Envelope
from grassroots.common.refusals import Refusal
from grassroots.enforcement.cases import rules
from grassroots.enforcement.cases.consumers import on_grid_event_referred
from grassroots.enforcement.cases.models import Case
from grassroots.enforcement.policy import DEFAULT_POLICY
from grassroots.testkit.apps import auth
from grassroots.testkit.counties import THEIRS, theirs

DAY = date(2025, 3, 3)
PARTY = {"name": "李四", "id_type": "resident", "id_no": PERSON_ID}


def code_of(fn, *args) -> str:
    with pytest.raises(Refusal) as caught:
        fn(*args)
    return caught.value.code


async def post(client, case_id, action, headers, **body):
    return await client.post(f"/v1/cases/{case_id}/{action}", json=body, headers=headers)


async def outbox_types(app) -> list[str]:
    async with app.state.database.transaction() as session:
        return list((await session.scalars(select(OutboxRow.ce_type))).all())


def test_the_hearing_and_identification_rules_fire():
    assert code_of(rules.check_hearing_dates, DAY, DAY - timedelta(days=1)) == "E-HEARING-DATE"
    rules.check_hearing_dates(DAY, DAY)  # held on the day it was requested
    rules.check_hearing_dates(DAY, None)  # requested, not yet held
    assert code_of(rules.check_identified, None, PERSON_ID, "立案") == "E-ITEM-REQUIRED"
    assert code_of(rules.check_identified, None, None, "立案") == "E-ITEM-REQUIRED"  # item first
    assert code_of(rules.check_identified, "ZF-001", None, "立案") == "E-PARTY-REQUIRED"
    rules.check_identified("ZF-001", PERSON_ID, "立案")


async def test_a_case_of_a_county_without_a_catalog_is_refused(enforcement):
    app, client = enforcement  # the demo county's catalog is stored, the neighbour's is not
    township = theirs(TOWNSHIP)
    supervisor = auth(
        app.state.settings, "enforcement_supervisor", org=township, county=THEIRS, sub="chief"
    )
    body = {
        "township": township,
        "item_code": "ZF-001",
        "source": "inspection",
        "party": PARTY,
        "facts": "在禁烧区露天焚烧秸秆",
        "discovered_at": ago(3).isoformat(),
    }
    response = await client.post("/v1/cases", json=body, headers=supervisor)
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "E-CATALOG-MISSING"
    assert response.json()["detail"] == THEIRS
    async with app.state.database.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(Case)) == 0
    assert await outbox_types(app) == []


async def test_a_hearing_held_before_it_was_requested_is_refused(staffed):
    _app, client, actors, officers = staffed
    case = await open_case(client, actors, item_code="ZF-012")
    cid = case["id"]
    for action, body in (
        ("file", {"officers": officers, "at": ago(29).isoformat()}),
        ("investigate", {"at": ago(28).isoformat()}),
        ("notify", {"proposed_fine": 20000, "grounds": "土地管理法", "at": ago(12).isoformat()}),
    ):
        headers = actors.supervisor if action == "file" else actors.officer("zhang")
        response = await post(client, cid, action, headers, **body)
        assert response.status_code == 200, (action, response.text)

    requested, before = str(china_date(ago(10))), str(china_date(ago(11)))
    # requested and held in one step, the hearing a day before the request
    at_once = await post(
        client, cid, "hearing", actors.officer("zhang"), requested_on=requested, held_on=before
    )
    assert at_once.status_code == 422, at_once.text
    assert at_once.json()["code"] == "E-HEARING-DATE"
    assert (await client.get(f"/v1/cases/{cid}", headers=actors.supervisor)).json()[
        "state"
    ] == "notified"

    # requested first, then held: the request on record is the one the hearing is checked against
    recorded = await post(
        client,
        cid,
        "hearing",
        actors.officer("zhang"),
        requested_on=requested,
        at=ago(10).isoformat(),
    )
    assert recorded.status_code == 200 and recorded.json()["state"] == "hearing"
    held_before = await post(
        client, cid, "hearing", actors.officer("zhang"), requested_on=requested, held_on=before
    )
    assert held_before.status_code == 422, held_before.text
    assert held_before.json()["code"] == "E-HEARING-DATE"
    got = (await client.get(f"/v1/cases/{cid}", headers=actors.supervisor)).json()
    assert got["hearing_held_on"] is None and got["hearing_requested_on"] == requested


async def test_filing_needs_the_item_and_the_party(staffed):
    app, client, actors, officers = staffed
    event = referral("ge-1", None)
    async with app.state.database.transaction() as session:
        await on_grid_event_referred(DEFAULT_POLICY)(session, event, Envelope.wrap(event, "grid"))
    page = await client.get("/v1/cases", params={"township": TOWNSHIP}, headers=actors.auditor)
    (case,) = page.json()["items"]  # a referral names neither the item nor the party
    cid = case["id"]
    assert case["item_code"] is None and case["party_name"] is None

    no_item = await post(client, cid, "file", actors.supervisor, officers=officers, party=PARTY)
    assert no_item.status_code == 422, no_item.text
    assert no_item.json()["code"] == "E-ITEM-REQUIRED"
    no_party = await post(
        client, cid, "file", actors.supervisor, officers=officers, item_code="ZF-001"
    )
    assert no_party.status_code == 422, no_party.text
    assert no_party.json()["code"] == "E-PARTY-REQUIRED"

    got = (await client.get(f"/v1/cases/{cid}", headers=actors.supervisor)).json()
    assert got["state"] == "discovered"
    assert got["item_code"] is None and got["party_name"] is None  # nothing of a refusal is kept
    assert "case.filed.v1" not in await outbox_types(app)

    filed = await post(
        client, cid, "file", actors.supervisor, officers=officers, item_code="ZF-001", party=PARTY
    )
    assert filed.status_code == 200 and filed.json()["state"] == "filed", filed.text


async def test_a_decision_on_the_spot_needs_the_party(staffed):
    app, client, actors, officers = staffed
    case = await open_case(
        client, actors, procedure="simplified", officers=officers, item_code="ZF-011", party=None
    )
    response = await post(
        client, case["id"], "decide", actors.supervisor, fine_yuan=200, party_present=True
    )
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "E-PARTY-REQUIRED"
    got = (await client.get(f"/v1/cases/{case['id']}", headers=actors.supervisor)).json()
    assert got["state"] == "discovered"
    assert "case.decided.v1" not in await outbox_types(app)
