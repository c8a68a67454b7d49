"""History import (历史数据导入): a form's past values, CSV or XLSX, checked row by row and
imported whole or not at all, by the form's owner department or the county's reviewer; the
facts then pre-fill the fillings that ask them (直接关联最新的历史数据)."""

import io

from openpyxl import Workbook
from sqlalchemy import func, select

from grassroots.common.exports import CSV, XLSX
from grassroots.task_admission.forms.models import Fact, HistoryBatch


def _csv(text: str) -> bytes:
    return text.encode("utf-8-sig")


def _xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


async def _post(f, form: str, body: bytes, kind: str, headers):
    return await f.client.post(
        f"/v1/forms/{form}/history", content=body, headers={**headers, "Content-Type": kind}
    )


async def _count(f, model) -> int:
    return await f.query(lambda s: s.scalar(select(func.count()).select_from(model)))


async def test_every_problem_is_listed_and_nothing_is_imported(forms):
    f = forms
    bad = _csv(
        "subject,as_of,户数,户籍人口,面积\n"
        "990101101201,2025-12-31,412,1350,\n"
        "990101101299,2025-13-01,四百,1350,\n"
        ",2099-01-01,1,2,\n"
    )
    answer = await _post(f, "F-101", bad, CSV, f.dept())
    assert answer.status_code == 422, answer.text
    assert answer.json()["code"] == "E-HISTORY-INVALID"
    # the header first: an unknown column stops the check there
    assert answer.json()["problems"] == [{"row": 1, "column": "面积", "message": "不是本表的字段"}]
    bad = bad.replace(",面积".encode(), b"").replace(b",\n", b"\n")
    answer = await _post(f, "F-101", bad, CSV, f.dept())
    assert answer.status_code == 422
    where = {(p["row"], p["column"]) for p in answer.json()["problems"]}
    assert where == {(3, "subject"), (3, "as_of"), (3, "户数"), (4, "subject"), (4, "as_of")}
    assert await _count(f, Fact) == 0 and await _count(f, HistoryBatch) == 0


async def test_an_import_prefills_the_next_filling_with_its_source(forms, cells_of):
    f = forms
    body = _csv(
        "subject,as_of,户数,户籍人口,集体经济收入\n"
        "990101101201,2024-12-31,400,1300,30\n"
        "990101101201,2025-12-31,412,1350,35.5\n"
        "990101101202,2025-12-31,80,,\n"
    )
    imported = await _post(f, "F-101", body, CSV, f.dept())
    assert imported.status_code == 201, imported.text
    batch = imported.json()
    assert (batch["rows"], batch["facts"], batch["form_code"]) == (3, 7, "F-101")

    demand = await f.demand("F-101", list(f.VILLAGES))
    filling = await f.filling(demand, f.VILLAGES[0])
    read = await f.get(filling, f.village())
    assert read["fields_prefilled"] == 3  # 户数, 户籍人口, 集体经济收入; not 未入学原因
    row = cells_of(read)
    assert row["户数"] == {
        "label": "户数",
        "value": "412",  # the latest (2025), not 2024's
        "status": "prefilled",
        "source": {"kind": "import", "id": batch["batch_id"], "as_of": "2025-12-31"},
    }
    assert row["未入学原因"]["status"] == "empty"
    # confirming what was shown counts as pre-filled; a correction as typed
    await f.put(
        filling,
        [{"values": {"户数": "412", "户籍人口": 1350, "集体经济收入": 36, "未入学原因": "无"}}],
        f.village(),
    )
    done = await f.client.post(f"/v1/fillings/{filling}/submit", headers=f.village())
    assert done.json()["counts"] == {"rows": 1, "fields_prefilled": 2, "fields_typed": 2,
                                     "fields_shared": 0}  # fmt: skip


async def test_an_xlsx_file_and_the_reviewer(forms):
    f = forms
    rows = [["对象", "日期", "户数"], ["990101101201", "2025-06-30", 401], [None, None, None]]
    imported = await _post(f, "F-101", _xlsx(rows), XLSX, f.reviewer())
    assert imported.status_code == 201, imported.text
    assert (imported.json()["rows"], imported.json()["facts"]) == (1, 1)


async def test_who_may_import_and_what(forms):
    f = forms
    body = _csv("subject,as_of,巡查日期\n990101101000,2026-01-05,2026-01-05\n")
    # F-104 is 县自然资源局's: 县林业局 may not import its history
    other = await _post(f, "F-104", body, CSV, f.dept())
    assert other.status_code == 403 and other.json()["code"] == "AUTH-SCOPE"
    own = await _post(f, "F-104", body, CSV, f.dept(f.LAND))
    assert own.status_code == 201, own.text
    village = await _post(f, "F-104", body, CSV, f.village())
    assert village.status_code == 403
    unknown = await _post(f, "F-999", body, CSV, f.dept(f.LAND))
    assert unknown.status_code == 404
    wrong_type = await f.client.post(
        "/v1/forms/F-104/history", json={"rows": []}, headers=f.dept(f.LAND)
    )
    assert wrong_type.status_code == 415 and wrong_type.json()["code"] == "E-MEDIA-TYPE"
    garbage = await _post(f, "F-104", b"PK\x03\x04 not a workbook", XLSX, f.dept(f.LAND))
    assert garbage.status_code == 422 and garbage.json()["code"] == "E-HISTORY-INVALID"
    header_only = await _post(f, "F-104", _csv("subject,as_of,巡查日期\n"), CSV, f.dept(f.LAND))
    assert header_only.status_code == 422
    gbk = "subject,as_of,地块位置\n990101101000,2026-01-05,青山村东\n".encode("gb18030")
    assert (await _post(f, "F-104", gbk, CSV, f.dept(f.LAND))).status_code == 201


async def test_a_household_history_needs_valid_resident_ids(forms):
    f = forms
    good, bad = f.resident(1), f.resident(2)[:-1] + ("0" if f.resident(2)[-1] != "0" else "1")
    body = _csv(
        f"subject,as_of,户主姓名,家庭人口,保障类别\n{good},2025-12-31,张三,3,一类\n"
        f"{bad},2025-12-31,李四,4,四类\n"
    )
    answer = await _post(f, "F-103", body, CSV, f.dept())
    assert answer.status_code == 422
    problems = answer.json()["problems"]
    assert {(p["row"], p["column"]) for p in problems} == {(3, "subject"), (3, "保障类别")}
    assert bad not in answer.text and good not in answer.text  # masked in the problem
