"""Exports people open: negotiation with 406, integers as integers, a readable workbook."""

import csv
import io

import pytest
from openpyxl import load_workbook

from grassroots.common.exports import XLSX, Table, negotiate, to_csv, to_xlsx
from grassroots.common.problems import ProblemError

TABLE = Table(
    "台账 2026-11", ["代码", "名称", "案件数", "罚款(元)"], [["ZF-001", "占道经营", 3.0, 200.5]]
)


@pytest.mark.parametrize(
    ("accept", "fmt", "expected"),
    [
        (None, None, "json"),
        ("*/*", None, "json"),
        ("text/csv", None, "csv"),
        (XLSX, None, "xlsx"),
        ("application/pdf;q=1, text/csv;q=0.5", None, "csv"),
        ("text/csv;q=0.2, application/json", None, "json"),
        ("application/pdf", "xlsx", "xlsx"),
    ],
)
def test_negotiation(accept, fmt, expected):
    assert negotiate(accept, fmt) == expected


@pytest.mark.parametrize("accept", ["application/pdf", "image/png, text/html", "text/csv;q=0"])
def test_an_accept_we_cannot_produce_is_406(accept):
    with pytest.raises(ProblemError) as caught:
        negotiate(accept)
    assert (caught.value.status, caught.value.code) == (406, "E-NOT-ACCEPTABLE")


def test_csv_writes_whole_numbers_as_integers_with_a_bom():
    text = to_csv(TABLE).decode()
    assert text.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(text.lstrip("\ufeff")))) == [
        ["代码", "名称", "案件数", "罚款(元)"],
        ["ZF-001", "占道经营", "3", "200.5"],
    ]


def test_the_workbook_has_a_title_a_frozen_header_and_widths():
    sheet = load_workbook(io.BytesIO(to_xlsx(TABLE))).active
    assert sheet["A1"].value == "台账 2026-11"
    assert [c.value for c in sheet[2]] == ["代码", "名称", "案件数", "罚款(元)"]
    assert sheet["C3"].value == 3 and isinstance(sheet["C3"].value, int)
    assert sheet.freeze_panes == "A3"
    assert sheet[2][0].font.bold
    assert sheet.column_dimensions["B"].width >= 10  # 占道经营: four wide characters
