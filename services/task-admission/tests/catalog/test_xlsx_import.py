"""Bulk import from the 编办 workbook: converted to the import format, then published."""

import io

from openpyxl import Workbook

from grassroots.common.catalog import validate_catalog
from grassroots.common.catalog.codes import FIELD_LABELS
from grassroots.common.exports import XLSX
from grassroots.dev.demo_catalog import demo_catalog
from grassroots.task_admission.catalog.xlsx import SECTIONS, workbook_to_document
from grassroots.testkit.apps import auth

COUNTY = "990101000000"
CHINESE = {"township": "乡镇", "basic": "基本履职", "withdrawn": "上级部门收回", "negative": "负面"}


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
        entries = document[section]
        fields = list(dict.fromkeys(k for e in entries for k in e))
        sheet = book.create_sheet(FIELD_LABELS[section])
        sheet.append([FIELD_LABELS[f] for f in fields])
        for entry in entries:
            row = []
            for f in fields:
                value = entry.get(f)
                if isinstance(value, list):
                    value = "、".join(value)
                elif f in ("level", "list") and value in CHINESE:
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
