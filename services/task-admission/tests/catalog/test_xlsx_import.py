"""Bulk import from the 编办 workbook: converted to the import format, then published."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from grassroots.common.catalog import CatalogInvalid, validate_catalog
from grassroots.common.catalog.codes import FIELD_LABELS
from grassroots.common.exports import XLSX
from grassroots.dev.demo_catalog import demo_catalog
from grassroots.task_admission.catalog.xlsx import SECTIONS, workbook_to_document
from grassroots.testkit.apps import auth

COUNTY = "990101000000"
CHINESE = {
    "township": "乡镇",
    "basic": "基本履职",
    "withdrawn": "上级部门收回",
    "negative": "负面",
    "household": "户",
    "sensitive": "敏感",
    "id_number": "身份证号码",
}


def workbook_of(document: dict) -> bytes:
    """The demo catalog as an office would keep it: Chinese sheet names and headers."""
    book = Workbook()
    meta = book.active
    meta.title = "目录"
    meta.append(["所属县代码", document["county"]["code"]])
    meta.append(["所属县名称", document["county"]["name"]])
    meta.append(["版本号", document["version"]])
    meta.append(["生效日期", document["effective_from"]])
    for section in SECTIONS:
        entries = document.get(section, [])
        fields = list(dict.fromkeys(k for e in entries for k in e))
        sheet = book.create_sheet(FIELD_LABELS[section])
        sheet.append([FIELD_LABELS[f] for f in fields])
        for entry in entries:
            row = []
            for f in fields:
                value = entry.get(f)
                if isinstance(value, list):
                    value = "、".join(value)
                elif isinstance(value, dict):  # a form's 字段映射: 字段=规范字段代码 pairs
                    value = "；".join(f"{label}={code}" for label, code in value.items())
                elif f in ("level", "list", "type", "subject", "sensitivity") and value in CHINESE:
                    value = CHINESE[value]
                row.append(value)
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_workbook_round_trips_to_the_same_document():
    document = demo_catalog()
    converted = workbook_to_document(workbook_of(document))
    assert validate_catalog(converted) == validate_catalog(document)
    assert converted["approved_forms"][6]["field_map"]["身份证号"] == "FD-028"
    assert converted["field_definitions"][27]["subject"] == "household"  # written 户


def test_a_field_map_pair_without_its_code_is_refused():
    document = demo_catalog()
    body = workbook_of(document)
    book = load_workbook(io.BytesIO(body))
    sheet = book[FIELD_LABELS["approved_forms"]]
    header = [cell.value for cell in sheet[1]]
    sheet.cell(
        row=2, column=header.index(FIELD_LABELS["field_map"]) + 1, value="户数；村(社区)名称=FD-001"
    )
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(CatalogInvalid) as caught:
        workbook_to_document(buffer.getvalue())
    assert [(p.path, p.code) for p in caught.value.problems] == [("approved_forms.行2", "C-SYNTAX")]
    assert "户数" in caught.value.problems[0].message


def test_a_workbook_without_canonical_fields_still_converts():
    document = demo_catalog()
    del document["field_definitions"]
    for entry in document["approved_forms"]:
        del entry["field_map"]
    converted = workbook_to_document(workbook_of(document))
    assert converted["field_definitions"] == []
    assert validate_catalog(converted).approved_forms[0].field_map == {}


async def test_publish_from_xlsx_and_refuse_garbage(admission_db):
    app, client = admission_db
    admin = auth(app.state.settings, "catalog_admin", org=COUNTY, county=COUNTY)
    body = workbook_of(demo_catalog(version="2026.9"))
    preview = await client.post(
        "/v1/catalog/xlsx", content=body, headers={**admin, "content-type": XLSX}
    )
    assert preview.status_code == 200 and preview.json()["version"] == "2026.9"
    published = await client.post(
        "/v1/catalog/versions", content=body, headers={**admin, "content-type": XLSX}
    )
    assert published.status_code == 201, published.text
    assert published.json()["counts"]["duty_items"] == len(demo_catalog()["duty_items"])
    garbage = await client.post(
        "/v1/catalog/versions", content=b"not a workbook", headers={**admin, "content-type": XLSX}
    )
    assert garbage.status_code == 422 and garbage.json()["code"] == "E-CATALOG-INVALID"
