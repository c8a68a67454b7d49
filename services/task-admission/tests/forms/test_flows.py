"""Shared answers (交叉事项一次报), a township's own form, a withdrawn demand, who sees which
fillings, and values each field takes."""

from grassroots.common.auth import Principal
from grassroots.common.auth.access import Target
from grassroots.task_admission.forms.access import FILL, SEE_FILLING
from grassroots.testkit.apps import eventually


async def test_two_open_fillings_share_one_answer(forms, cells_of):
    f = forms
    base = await f.filling(await f.demand("F-101", [f.VILLAGES[0]]), f.VILLAGES[0])
    census = await f.filling(await f.demand("F-102", [f.VILLAGES[0]]), f.VILLAGES[0])
    assert cells_of(await f.get(census, f.village()))["总户数"]["status"] == "empty"

    # answered in one, shown answered in the other (same subject, field and period)
    await f.put(base, [{"values": {"户数": 420}}], f.village())
    row = cells_of(await f.get(census, f.village()))
    assert row["总户数"] == {
        "label": "总户数",
        "value": "420",
        "status": "shared",
        "source": {"kind": "filling", "id": base, "as_of": row["总户数"]["source"]["as_of"]},
    }
    assert row["户籍人口"]["status"] == "empty"
    # another village's filling shares nothing with it
    other = await f.filling(await f.demand("F-102", [f.VILLAGES[1]]), f.VILLAGES[1])
    assert cells_of(await f.get(other, f.village(f.VILLAGES[1])))["总户数"]["status"] == "empty"

    # the second submits answering only what was not answered: the shared one counts shared
    await f.put(census, [{"values": {"户籍人口": 1400}}], f.village())
    done = await f.client.post(f"/v1/fillings/{census}/submit", headers=f.village())
    assert done.status_code == 200, done.text
    assert done.json()["counts"] == {"rows": 1, "fields_prefilled": 0, "fields_typed": 1,
                                     "fields_shared": 1}  # fmt: skip
    submitted = [e for e in await f.events("form.filling.submitted") if census in e.payload]
    assert '"fields_shared":1' in submitted[0].payload.replace(" ", "")


async def test_a_township_form_opens_for_the_township_on_admission(forms, cells_of):
    f = forms
    demand = await f.demand(
        "F-104",
        [f.QINGSHAN, f.SHIMEN],
        level="township",
        dept=f.LAND,
        title="报送耕地保护巡查台账",
        description="请各乡镇在平台上填报本月耕地保护巡查情况。",
    )
    opened = await f.fillings(demand, 2)
    assert [x.org for x in opened] == [f.QINGSHAN, f.SHIMEN]
    assert {x.subject for x in opened} == {"organisation"}
    filling = opened[0].id
    read = await f.get(filling, f.township())
    assert read["rows"][0]["subject"] == f.QINGSHAN and len(read["period"]) == 7  # 2026-03
    # the township passes the demand on to a village: a township form opens nothing for it
    dispatched = await f.client.post(
        f"/v1/demands/{demand}/dispatch", json={"villages": [f.VILLAGES[0]]}, headers=f.township()
    )
    assert dispatched.status_code == 200, dispatched.text
    await f.put(
        filling, [{"values": {"巡查日期": "2026-03-02", "地块位置": "青山村东"}}], f.township()
    )
    bad_date = await f.put(filling, [{"values": {"巡查日期": "3月2日"}}], f.township())
    assert bad_date.status_code == 422 and bad_date.json()["code"] == "E-FILLING-VALUES"
    done = await f.client.post(f"/v1/fillings/{filling}/submit", headers=f.township())
    assert done.status_code == 200, done.text
    demand_read = (await f.client.get(f"/v1/demands/{demand}", headers=f.dept(f.LAND))).json()
    parts = {a["org"]: a for a in demand_read["assignments"]}
    assert parts[f.QINGSHAN]["completed_at"] is not None
    assert parts[f.VILLAGES[0]]["completed_at"] is None and demand_read["status"] == "dispatched"
    assert len(await f.fillings(demand, 2)) == 2


async def test_a_withdrawn_demand_withdraws_its_open_fillings(forms):
    f = forms
    demand = await f.demand("F-101", [f.VILLAGES[0]])
    filling = await f.filling(demand, f.VILLAGES[0])
    withdrawn = await f.client.post(
        f"/v1/demands/{demand}/withdraw", json={"reason": "口径调整"}, headers=f.dept()
    )
    assert withdrawn.status_code == 200, withdrawn.text

    async def closed() -> bool:
        return (await f.get(filling, f.village()))["status"] == "withdrawn"

    await eventually(closed)
    late = await f.put(filling, [{"values": {"户数": 1}}], f.village())
    assert late.status_code == 409 and late.json()["code"] == "E-FILLING-STATE"


async def test_who_sees_which_fillings(forms):
    f = forms
    demand = await f.demand("F-101", [*f.VILLAGES, f.SHIMEN_VILLAGE])
    opened = await f.fillings(demand, 3)
    ids = {x.org: x.id for x in opened}

    async def listed(headers, **params):
        answer = await f.client.get("/v1/fillings", params=params, headers=headers)
        return answer

    own = await listed(f.village())
    assert [i["id"] for i in own.json()["items"]] == [ids[f.VILLAGES[0]]]
    township = await listed(f.township())
    assert {i["id"] for i in township.json()["items"]} == {ids[v] for v in f.VILLAGES}
    one = await listed(f.township(), org=f.VILLAGES[1])
    assert [i["id"] for i in one.json()["items"]] == [ids[f.VILLAGES[1]]]
    page = await listed(f.township(), limit=1)
    assert len(page.json()["items"]) == 1 and page.json()["next_cursor"]
    rest = await listed(f.township(), limit=1, cursor=page.json()["next_cursor"])
    assert rest.json()["items"][0]["id"] != page.json()["items"][0]["id"]
    bad_cursor = await listed(f.township(), cursor="not-a-cursor")
    assert bad_cursor.status_code == 422 and bad_cursor.json()["code"] == "E-CURSOR"
    assert (await listed(f.township(f.SHIMEN), org=f.QINGSHAN)).status_code == 403
    assert (await listed(f.village(f.VILLAGES[1]), org=f.VILLAGES[0])).status_code == 403
    assert (await listed(f.dept())).status_code == 403
    audited = await listed(f.auditor(), org=f.QINGSHAN, status="open")
    assert len(audited.json()["items"]) == 2
    assert (await listed(f.auditor(), org=f.QINGSHAN, status="submitted")).json()["items"] == []

    mine = ids[f.VILLAGES[0]]
    # only the unit itself fills; the township reads but does not fill its villages' forms
    assert (await f.put(mine, [{"values": {"户数": 1}}], f.township())).status_code == 404
    assert (await f.put(mine, [{"values": {"户数": 1}}], f.dept())).status_code == 403
    assert (await f.client.post(f"/v1/fillings/{mine}/submit", headers=f.auditor())).status_code == 403  # fmt: skip
    assert (await f.client.get(f"/v1/fillings/{mine}", headers=f.dept(f.LAND))).status_code == 404
    assert (await f.client.get("/v1/fillings/fl_nope", headers=f.village())).status_code == 404
    # the declarations, against the filling's own target
    target = Target(county=f.COUNTY, township=f.QINGSHAN, unit=mine, parties=frozenset())
    assert not FILL.permits(_principal("township_admin", f.QINGSHAN), target)
    assert SEE_FILLING.permits(_principal("township_admin", f.QINGSHAN), target)


def _principal(role: str, org: str) -> Principal:
    return Principal(sub="t", org=org, roles=frozenset({role}), county="990101000000")


async def test_values_each_field_takes(forms, cells_of):
    f = forms
    filling = await f.filling(await f.demand("F-101", [f.VILLAGES[0]]), f.VILLAGES[0])
    bad = await f.put(
        filling,
        [{"values": {"户数": "四百", "户籍人口": 12.5, "集体经济收入": "1e999999"}}],
        f.village(),
    )
    assert bad.status_code == 422 and bad.json()["code"] == "E-FILLING-VALUES"
    assert {p["path"] for p in bad.json()["problems"]} == {
        "rows[0].values.户数",
        "rows[0].values.户籍人口",
        "rows[0].values.集体经济收入",
    }
    a_bool = await f.put(filling, [{"values": {"未入学原因": True}}], f.village())
    assert a_bool.status_code == 422 and a_bool.json()["code"] == "E-VALIDATION"
    wrong_row = await f.put(
        filling, [{"subject": f.VILLAGES[1], "values": {"户数": 1}}], f.village()
    )
    assert wrong_row.status_code == 422 and wrong_row.json()["code"] == "E-FILLING-VALUES"
    good = await f.put(
        filling, [{"values": {"户数": "  412 ", "集体经济收入": 35.50}}], f.village()
    )
    row = cells_of(good.json())
    assert row["户数"]["value"] == "412" and row["集体经济收入"]["value"] == "35.5"
    cleared = await f.put(filling, [{"values": {"户数": None}}], f.village())
    assert cells_of(cleared.json())["户数"]["status"] == "empty"
