"""CSV and XLSX exports of a period's results, with the pay-linked performance share."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence

from openpyxl import Workbook

from grassroots.evaluation.periods.schemas import ResultRead

NO_DATA = "无数据"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table(
    results: Sequence[ResultRead], names: Mapping[str, str], pay_linked_share: float
) -> list[list[object]]:
    """Header and rows: rank, org, name, each indicator's points, total, grade, pay factor."""
    codes = [i.code for i in results[0].indicators] if results else []
    header: list[object] = ["排名", "单位代码", "单位名称"]
    header += [f"{i.name}({i.code})" for i in results[0].indicators] if results else []
    header += ["总分", "等次", "绩效挂钩比例", "绩效兑现系数"]
    rows: list[list[object]] = [header]
    for r in results:
        points = {i.code: NO_DATA if i.points is None else i.points for i in r.indicators}
        factor = "" if r.total is None else round(pay_linked_share * r.total / 100, 4)
        rows.append(
            [
                "" if r.rank is None else r.rank,
                r.org,
                names.get(r.org, ""),
                *(points[c] for c in codes),
                NO_DATA if r.total is None else r.total,
                r.grade,
                f"{pay_linked_share:.0%}",
                factor,
            ]
        )
    return rows


def to_csv(rows: list[list[object]]) -> bytes:
    """UTF-8 with BOM, so a county clerk's spreadsheet opens the Chinese text right."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode()


def to_xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "考核结果"
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
