"""Fillings (报表在平台上运转): an admitted report_form demand opens one filling per unit and
period through task-admission's own consumer, pre-filled with the latest facts; the unit
confirms or corrects, submits; the answers become the latest facts and the unit's part of the
demand is done."""

import asyncio
import json

from sqlalchemy import func, select

from grassroots.common import clock
from grassroots.common.db.plumbing import InboxRow
from grassroots.common.events.admission import DemandAdmitted
from grassroots.task_admission.demands.models import DemandHistory
from grassroots.task_admission.forms import rules
from grassroots.task_admission.forms.consumers import on_demand_admitted
from grassroots.task_admission.forms.models import Fact, Filling


async def test_a_village_form_opens_fills_and_completes_the_demand(forms, cells_of):
    f = forms
    demand = await f.demand("F-101", list(f.VILLAGES))
    opened = await f.fillings(demand, 2)
    assert [x.org for x in opened] == list(f.VILLAGES)
    assert {x.period for x in opened} == {str(clock.today().year)}  # yearly
    assert {x.status for x in opened} == {"open"}
    first = opened[0].id

    read = await f.get(first, f.village())
    assert read["subject"] == "village" and read["masked"] is False
    assert [c["status"] for c in read["rows"][0]["cells"]] == ["empty"] * 4
    assert read["rows"][0]["subject"] == f.VILLAGES[0]
    etag = (await f.client.get(f"/v1/fillings/{first}", headers=f.village())).headers["ETag"]

    values = {"户数": 412, "户籍人口": "1350", "集体经济收入": "35.50", "未入学原因": "无"}
    answered = await f.client.put(
        f"/v1/fillings/{first}/values",
        json={"rows": [{"values": values}]},
        headers={**f.village(), "If-Match": etag},
    )
    assert answered.status_code == 200, answered.text
    row = cells_of(answered.json())
    assert row["户数"]["value"] == "412" and row["户数"]["status"] == "typed"
    assert row["集体经济收入"]["value"] == "35.5"
    assert row["户数"]["source"]["kind"] == "filling" and row["户数"]["source"]["id"] == first
    stale = await f.client.put(
        f"/v1/fillings/{first}/values",
        json={"rows": [{"values": {"户数": 413}}]},
        headers={**f.village(), "If-Match": etag},
    )
    assert stale.status_code == 412 and stale.json()["code"] == "E-PRECONDITION"

    submitted = await f.client.post(f"/v1/fillings/{first}/submit", headers=f.village())
    assert submitted.status_code == 200, submitted.text
    body = submitted.json()
    assert body["status"] == "submitted" and body["masked"] is True  # no longer filling
    assert body["counts"] == {"rows": 1, "fields_prefilled": 0, "fields_typed": 4,
                              "fields_shared": 0}  # fmt: skip
    again = await f.client.post(f"/v1/fillings/{first}/submit", headers=f.village())
    assert again.status_code == 409 and again.json()["code"] == "E-FILLING-STATE"
    late = await f.put(first, [{"values": {"户数": 1}}], f.village())
    assert late.status_code == 409 and late.json()["code"] == "E-FILLING-STATE"

    # the answers are the village's latest facts, from this filling, as of today
    facts = await f.query(lambda s: s.scalars(select(Fact).where(Fact.subject == f.VILLAGES[0])))
    facts = list(facts.all())
    assert {(x.field_key, x.value) for x in facts} == {
        ("V-HH", "412"), ("V-POP", "1350"), ("V-INCOME", "35.5"), ("V-REASON", "无"),
    }  # fmt: skip
    assert {(x.source_kind, x.source_id, x.as_of) for x in facts} == {
        ("filling", first, clock.today())
    }

    # the village's part of the demand is done through the demands' completion; not the demand
    demand_read = (await f.client.get(f"/v1/demands/{demand}", headers=f.dept())).json()
    parts = {a["org"]: a for a in demand_read["assignments"]}
    assert parts[f.VILLAGES[0]]["completed_at"] is not None
    assert demand_read["status"] == "admitted"

    # the other village submits after confirming its (empty) form: the demand completes
    second = opened[1].id
    await f.put(second, [{"values": {"户数": 80, "户籍人口": 300, "集体经济收入": 0,
                                     "未入学原因": ""}}], f.village(f.VILLAGES[1]))  # fmt: skip
    done = await f.client.post(f"/v1/fillings/{second}/submit", headers=f.village(f.VILLAGES[1]))
    assert done.status_code == 200, done.text
    demand_read = (await f.client.get(f"/v1/demands/{demand}", headers=f.dept())).json()
    assert demand_read["status"] == "completed"
    completions = await f.query(
        lambda s: s.scalar(
            select(func.count())
            .select_from(DemandHistory)
            .where(DemandHistory.demand_id == demand, DemandHistory.action == "complete")
        )
    )
    assert completions == 2

    # events: opened twice, submitted twice, counts and ids only
    opened_events = await f.events("form.filling.opened")
    submitted_events = await f.events("form.filling.submitted")
    assert len(opened_events) == 2 and len(submitted_events) == 2
    payload = json.loads(submitted_events[0].payload)
    assert payload["fields_typed"] == 4 and payload["rows"] == 1
    assert payload["fields_asked"] == 4 and payload["submitter"] == f.FORESTRY
    answers = {"412", "1350", "35.5", "无"}
    for event in opened_events + submitted_events:  # no answer is a value; ids may hold any digits
        told = json.loads(event.payload)
        assert not answers & {str(v) for v in told.values()}
        assert not set(values) & set(told)


async def test_a_filling_opens_prefilled_with_the_latest_facts(forms, cells_of):
    f = forms
    first = await f.demand("F-101", [f.VILLAGES[0]])
    filling = await f.filling(first, f.VILLAGES[0])
    await f.put(
        filling,
        [{"values": {"户数": 412, "户籍人口": 1350, "集体经济收入": "35.5", "未入学原因": "无"}}],
        f.village(),
    )
    assert (
        await f.client.post(f"/v1/fillings/{filling}/submit", headers=f.village())
    ).status_code == 200

    # another form asking the same canonical fields (户数 as 总户数), another period's demand
    later = await f.demand("F-102", [f.VILLAGES[0]])
    second = await f.filling(later, f.VILLAGES[0])
    opened = await f.query(lambda s: s.get(Filling, second))
    assert opened.fields_asked == 2 and opened.fields_prefilled == 2
    read = await f.get(second, f.village())
    row = cells_of(read)
    # same year: the first filling is submitted but live, its answers shared in the period
    assert row["总户数"]["value"] == "412" and row["总户数"]["status"] == "shared"
    assert row["总户数"]["source"]["id"] == filling
    # confirming shows it shared; correcting is typed by hand
    answered = await f.put(second, [{"values": {"总户数": "412", "户籍人口": 1360}}], f.village())
    row = cells_of(answered.json())
    assert row["总户数"]["status"] == "shared" and row["户籍人口"]["status"] == "typed"
    done = await f.client.post(f"/v1/fillings/{second}/submit", headers=f.village())
    assert done.json()["counts"] == {"rows": 1, "fields_prefilled": 0, "fields_typed": 1,
                                     "fields_shared": 1}  # fmt: skip


async def test_a_redelivered_admission_opens_nothing_twice(forms):
    f = forms
    demand = await f.demand("F-101", [f.VILLAGES[0]])
    await f.fillings(demand, 1)
    admitted = (await f.events("demand.admitted"))[-1]
    event = DemandAdmitted.model_validate_json(admitted.payload)
    async with f.app.state.database.transaction() as session:
        await on_demand_admitted(session, event, None)  # the same event again, past the inbox
    await asyncio.sleep(0.5)
    rows = await f.query(
        lambda s: s.scalar(
            select(func.count()).select_from(Filling).where(Filling.demand_id == demand)
        )
    )
    assert rows == 1
    assert len(await f.events("form.filling.opened")) == 1
    inbox = await f.query(
        lambda s: s.scalar(
            select(func.count()).select_from(InboxRow).where(InboxRow.ce_id == admitted.ce_id)
        )
    )
    assert inbox == 1


async def test_periods_follow_the_form_frequency():
    from datetime import date

    day = date(2026, 3, 1)
    assert rules.period_of("yearly", day) == "2026"
    assert rules.period_of("half_yearly", day) == "2026-H1"
    assert rules.period_of("half_yearly", date(2026, 7, 1)) == "2026-H2"
    assert rules.period_of("quarterly", day) == "2026-Q1"
    assert rules.period_of("quarterly", date(2026, 12, 31)) == "2026-Q4"
    assert rules.period_of("monthly", day) == "2026-03"
    assert rules.period_of("weekly", day) == "2026-W09"
    assert rules.period_of("weekly", date(2027, 1, 1)) == "2026-W53"  # ISO year
    assert rules.period_of("once", day) == "once"
    assert rules.period_of("on_demand", day) == "once"
