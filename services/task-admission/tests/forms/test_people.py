"""People's data (个人信息保护法, 最小必要): rows keyed by resident ID, pre-filled with that
household's latest facts; ID numbers and sensitive fields masked in every read, export and log
line unless the reader needs them in full (the filling unit while it fills; the owner
department's submitter with reveal=true), each full read audited; never in an event."""

import io
import logging
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from grassroots.common.exports import CSV, XLSX

HEAD = "户主姓名"


async def _household_form(f):
    """A 低保 check of the first village, one household of which the platform holds history."""
    known = f.resident(11)
    body = f"subject,as_of,户主姓名,家庭人口,家庭年收入,保障类别\n{known},2025-12-31,张三,3,8000,二类\n"
    imported = await f.client.post(
        "/v1/forms/F-103/history",
        content=body.encode(),
        headers={**f.dept(), "Content-Type": CSV},
    )
    assert imported.status_code == 201, imported.text
    demand = await f.demand("F-103", [f.VILLAGES[0]])
    return demand, await f.filling(demand, f.VILLAGES[0]), known


async def test_rows_by_resident_id_prefilled_and_masked_everywhere(forms, cells_of, caplog):
    caplog.set_level(logging.INFO)  # what the services run at (drivers log parameters at DEBUG)
    f = forms
    demand, filling, known = await _household_form(f)
    fresh = f.resident(12)
    url = f"/v1/fillings/{filling}"

    opened = await f.get(filling, f.village())
    assert opened["subject"] == "household" and opened["rows"] == []
    assert opened["fields_asked"] == 5 and opened["fields_prefilled"] == 0

    # a row by resident ID pre-fills that household's latest facts; the ID field is the row's
    added = await f.client.post(f"{url}/rows", json={"subject": known.lower()}, headers=f.village())
    assert added.status_code == 201, added.text
    row = cells_of(added.json())
    assert added.json()["rows"][0]["subject"] == known  # in full: the unit while it fills
    assert row["身份证号"]["value"] == known and row["身份证号"]["status"] == "typed"
    assert (row[HEAD]["value"], row[HEAD]["status"]) == ("张三", "prefilled")
    assert row["家庭年收入"]["value"] == "8000" and row["保障类别"]["value"] == "二类"
    twice = await f.client.post(f"{url}/rows", json={"subject": known}, headers=f.village())
    assert twice.status_code == 409 and twice.json()["code"] == "E-FILLING-ROW-EXISTS"
    assert known not in twice.text
    invalid = await f.client.post(f"{url}/rows", json={"subject": known[:-1] + "9" if known[-1] != "9" else known[:-1] + "8"}, headers=f.village())  # fmt: skip
    assert invalid.status_code == 422 and invalid.json()["code"] == "E-RESIDENT-ID"
    assert known[:-1] not in invalid.text  # shown masked
    assert (await f.client.post(f"{url}/rows", json={"subject": fresh}, headers=f.village())).status_code == 201  # fmt: skip

    # answers: the known household confirmed and corrected, the new one typed
    bad = await f.put(
        filling,
        [
            {"subject": known, "values": {"保障类别": "四类", "不存在": "x"}},
            {"subject": f.resident(13), "values": {HEAD: "王五"}},
        ],
        f.village(),
    )
    assert bad.status_code == 422 and bad.json()["code"] == "E-FILLING-VALUES"
    assert {p["path"] for p in bad.json()["problems"]} == {
        "rows[0].values.保障类别",
        "rows[0].values.不存在",
        "rows[1].subject",
    }
    assert f.resident(13) not in bad.text
    incomplete = await f.client.post(f"{url}/submit", headers=f.village())
    assert incomplete.status_code == 422 and incomplete.json()["code"] == "E-FILLING-INCOMPLETE"
    assert known not in incomplete.text and fresh not in incomplete.text
    answered = await f.put(
        filling,
        [
            {"subject": known, "values": {HEAD: "张三", "家庭人口": 3, "家庭年收入": "8500",
                                          "保障类别": "二类"}},
            {"subject": fresh, "values": {HEAD: "李四", "家庭人口": 2, "家庭年收入": 6000,
                                          "保障类别": "一类", "身份证号": fresh}},
        ],
        f.village(),
    )  # fmt: skip
    assert answered.status_code == 200, answered.text

    # while it fills, its township, the department and auditors read it masked; the unit in full
    for headers in (f.township(), f.dept(), f.auditor()):
        seen = await f.get(filling, headers)
        assert seen["masked"] is True
        assert known not in str(seen) and fresh not in str(seen)
        row = cells_of(seen)
        assert row["身份证号"]["value"] == known[:6] + "********" + known[-4:]
        assert row["家庭年收入"]["value"] == "***" and row["家庭人口"]["value"] == "3"
        assert seen["rows"][0]["subject"] == known[:6] + "********" + known[-4:]
    full_reads = len(await f.audits("read_full"))
    assert (await f.get(filling, f.village()))["masked"] is False
    assert len(await f.audits("read_full")) == full_reads + 1
    assert (await f.client.get(url, headers=f.village(f.VILLAGES[1]))).status_code == 404
    assert (await f.client.get(url, headers=f.village(f.SHIMEN_VILLAGE))).status_code == 404

    submitted = await f.client.post(f"{url}/submit", headers=f.village())
    assert submitted.status_code == 200, submitted.text
    assert submitted.json()["counts"] == {"rows": 2, "fields_prefilled": 3, "fields_typed": 7,
                                          "fields_shared": 0}  # fmt: skip
    # submitted: the unit itself reads it masked too
    after = await f.get(filling, f.village())
    assert after["masked"] is True and known not in str(after)

    # the department's submissions: masked, as JSON, CSV and XLSX
    path = f"/v1/demands/{demand}/submissions"
    for params in ({}, {"format": "csv"}, {"format": "xlsx"}):
        answer = await f.client.get(path, params=params, headers=f.dept())
        assert answer.status_code == 200, answer.text
        text = _text(answer)
        assert known not in text and fresh not in text
        assert not re.search(r"(?<![0-9a-f])8500(?![0-9a-f])", text)  # ids are hex
        assert known[:6] + "********" + known[-4:] in text
    listed = (await f.client.get(path, headers=f.dept())).json()
    assert listed["masked"] is True and listed["pending"] == []
    assert listed["submissions"][0]["rows"][1]["values"][HEAD] == "李四"  # internal, not masked
    assert listed["fields"] == [HEAD, "身份证号", "家庭人口", "家庭年收入", "保障类别"]
    auditor = await f.client.get(path, headers=f.auditor())
    assert auditor.status_code == 200 and known not in auditor.text

    # reveal=true: the owner department's submitter only, audited
    reveals = len(await f.audits("reveal"))
    for params in ({"reveal": "true"}, {"reveal": "true", "format": "csv"}):
        revealed = await f.client.get(path, params=params, headers=f.dept())
        assert revealed.status_code == 200 and known in revealed.text and "8500" in revealed.text
    assert len(await f.audits("reveal")) == reveals + 2
    for headers in (f.auditor(), f.role("service", f.FORESTRY)):
        refused = await f.client.get(path, params={"reveal": "true"}, headers=headers)
        assert refused.status_code == 403 and refused.json()["code"] == "E-REVEAL-FORBIDDEN"
    assert (await f.client.get(path, headers=f.village())).status_code == 403
    assert (await f.client.get(path, headers=f.dept(f.LAND))).status_code == 404
    odd = await f.client.get(path, headers={**f.dept(), "Accept": "application/pdf"})
    assert odd.status_code == 406 and odd.json()["code"] == "E-NOT-ACCEPTABLE"

    # never in an event nor a log line
    for ce_type in ("form.filling.opened", "form.filling.submitted"):
        for event in await f.events(ce_type):
            assert known not in event.payload and fresh not in event.payload
    logged = "\n".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    assert caplog.records and known not in logged and fresh not in logged
    audits = await f.audits("add_row") + await f.audits("answer") + await f.audits("submit")
    assert audits and all(known not in str(a.changes) for a in audits)


async def test_a_form_about_the_unit_has_no_rows_to_add(forms):
    f = forms
    demand = await f.demand("F-101", [f.VILLAGES[0]])
    filling = await f.filling(demand, f.VILLAGES[0])
    refused = await f.client.post(
        f"/v1/fillings/{filling}/rows", json={"subject": f.resident(1)}, headers=f.village()
    )
    assert refused.status_code == 422 and refused.json()["code"] == "E-FILLING-ROWS"


def _text(answer) -> str:
    if answer.headers["content-type"].startswith(XLSX):
        book = load_workbook(io.BytesIO(answer.content), read_only=True)
        return "\n".join(
            " ".join(str(c) for c in row if c is not None)
            for row in book.worksheets[0].iter_rows(values_only=True)
        )
    return answer.content.decode("utf-8-sig")


async def test_a_database_error_never_carries_a_value(forms):
    """A failed statement's text (what an error log line holds) shows no parameter."""
    f = forms
    known = f.resident(21)
    statement = text(
        "INSERT INTO form_filling_values (filling_id, position, subject, label, field_key) "
        "VALUES ('fl_none', 0, :subject, '身份证号', 'H-ID')"
    )
    with pytest.raises(DBAPIError) as failed:
        async with f.app.state.database.transaction() as session:
            await session.execute(statement, {"subject": known})
    assert known not in str(failed.value)
