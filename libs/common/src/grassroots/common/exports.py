"""Exports people open: JSON, CSV or XLSX by `Accept` (or `?format=`), 406 for anything else.

A table is a title, a header and rows. CSV is UTF-8 with a BOM (spreadsheet programs then read
the Chinese right) and writes whole numbers as integers; XLSX has the title, a bold header
frozen below it and columns as wide as their widest cell.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from fastapi import Response
from openpyxl import Workbook
from openpyxl.styles import Font

from grassroots.common.codes import NOT_ACCEPTABLE
from grassroots.common.problems import ProblemError

CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JSON = "application/json"
Format = Literal["json", "csv", "xlsx"]
_MEDIA: dict[str, Format] = {JSON: "json", CSV: "csv", XLSX: "xlsx"}
FILE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "JSON, or the same as a CSV/XLSX file (Accept or ?format=)",
        "content": {CSV: {}, XLSX: {}},
    },
    406: {"description": "Accept names no format this route can produce (problem+json)"},
}


def _accepted(accept: str) -> list[tuple[float, str]]:
    ranges = []
    for part in accept.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if media and q > 0:
            ranges.append((q, media.lower()))
    return sorted(ranges, key=lambda r: -r[0])


def negotiate(accept: str | None, format: Format | None = None) -> Format:
    """The format to answer in: `?format=` wins; then the best Accept range; JSON for `*/*`
    or no Accept; 406 `E-NOT-ACCEPTABLE` when Accept names only formats we cannot produce."""
    if format is not None:
        return format
    if not accept or not accept.strip():
        return "json"
    for _, media in _accepted(accept):
        if media in _MEDIA:
            return _MEDIA[media]
        if media in ("*/*", "application/*", "application/problem+json"):
            return "json"
        if media == "text/*":
            return "csv"
    raise ProblemError(NOT_ACCEPTABLE, None, f"可选: {JSON}, {CSV}, {XLSX}")


@dataclass(frozen=True)
class Table:
    title: str
    header: Sequence[str]
    rows: Sequence[Sequence[object]]


def _plain(value: object) -> object:
    """A cell as people expect it: 3 not 3.0, empty for None."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def to_csv(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(table.header)
    writer.writerows([_plain(c) for c in row] for row in table.rows)
    return ("\ufeff" + out.getvalue()).encode()


def _width(value: object) -> int:
    text = str(_plain(value))
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def to_xlsx(table: Table) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = table.title[:31]  # Excel's limit on sheet names
    sheet.append([table.title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(list(table.header))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append([_plain(c) for c in row])
    sheet.freeze_panes = "A3"  # title and header stay in view
    for column in sheet.iter_cols(min_row=2):
        widest = max((_width(c.value) for c in column), default=8)
        sheet.column_dimensions[column[0].column_letter].width = min(max(widest + 2, 8), 60)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def file_response(table: Table, fmt: Literal["csv", "xlsx"], filename: str) -> Response:
    """The table as a download named `filename` (without extension)."""
    body, media = (
        (to_csv(table), f"{CSV}; charset=utf-8") if fmt == "csv" else (to_xlsx(table), XLSX)
    )
    disposition = f'attachment; filename="{filename}.{fmt}"'
    return Response(body, media_type=media, headers={"Content-Disposition": disposition})
