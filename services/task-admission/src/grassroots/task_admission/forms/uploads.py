"""A history file as cells: CSV (UTF-8, with or without a BOM, or GB18030 as spreadsheet
programs in China save it) or XLSX (its first sheet). First row the header; blank rows skipped;
each data row numbered as people see it in their spreadsheet (the header is row 1)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from openpyxl import load_workbook

from grassroots.common.codes import MEDIA_TYPE
from grassroots.common.exports import CSV, XLSX
from grassroots.common.problems import ProblemError
from grassroots.task_admission.codes import HISTORY_INVALID

MAX_ROWS = 100_000
Cells = Sequence[object]
Rows = list[tuple[int, Cells]]


def read_table(body: bytes, content_type: str | None) -> tuple[Cells, Rows]:
    """The header and numbered rows of an uploaded file; 415 for another type, 422
    `E-HISTORY-INVALID` for a file that cannot be read."""
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind not in (CSV, XLSX):
        raise ProblemError(MEDIA_TYPE, None, f"可上传: {CSV}, {XLSX}")
    try:
        table = _xlsx(body) if kind == XLSX else _csv(body)
    except Exception as exc:  # an untrusted file may break a parser anywhere: never a 500
        raise _unreadable(f"无法读取文件({type(exc).__name__})") from exc
    if not table:
        raise _unreadable("文件为空")
    header, *rest = table
    rows = [(n, cells) for n, cells in rest if any(_filled(c) for c in cells)]
    if len(rows) > MAX_ROWS:
        raise _unreadable(f"一次最多导入 {MAX_ROWS} 行")
    return header[1], rows


def _unreadable(message: str) -> ProblemError:
    problems = [{"row": 1, "column": "", "message": message}]
    return ProblemError(HISTORY_INVALID, None, message, problems=problems)


def _filled(cell: object) -> bool:
    return cell is not None and not (isinstance(cell, str) and not cell.strip())


def _csv(body: bytes) -> list[tuple[int, Cells]]:
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = body.decode("gb18030")
    return [(n, row) for n, row in enumerate(csv.reader(io.StringIO(text)), start=1)]


def _xlsx(body: bytes) -> list[tuple[int, Cells]]:
    book = load_workbook(io.BytesIO(body), read_only=True, data_only=True)
    try:
        out: list[tuple[int, Cells]] = []
        for n, row in enumerate(book.worksheets[0].iter_rows(values_only=True), start=1):
            if n > MAX_ROWS + 2:  # enough to refuse it
                break
            out.append((n, tuple(row)))
        return out
    finally:
        book.close()
