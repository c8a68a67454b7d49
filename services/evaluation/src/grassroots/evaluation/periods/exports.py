"""A period's results as a table people open (CSV or XLSX through `grassroots.common.exports`),
with the pay-linked performance share."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from grassroots.common.exports import Table
from grassroots.evaluation.periods.schemas import ResultRead

NO_DATA = "无数据"
DIRECTION_TITLES = {
    "department_rates_township": "部门评乡镇",
    "township_rates_department": "乡镇评部门",
}


def table(
    results: Sequence[ResultRead],
    names: Mapping[str, str],
    pay_linked_share: float,
    *,
    year: int,
    direction: str,
) -> Table:
    """Rank, org code and name, each indicator's points, total, grade, pay factor."""
    indicators = results[0].indicators if results else []
    header = ["排名", "单位代码", "单位名称", *(f"{i.name}({i.code})" for i in indicators)]
    header += ["总分", "等次", "绩效挂钩比例", "绩效兑现系数"]
    rows: list[list[object]] = []
    for r in results:
        points = {i.code: NO_DATA if i.points is None else i.points for i in r.indicators}
        factor = None if r.total is None else round(pay_linked_share * r.total / 100, 4)
        rows.append(
            [
                r.rank,
                r.org,
                names.get(r.org, ""),
                *(points[i.code] for i in indicators),
                NO_DATA if r.total is None else r.total,
                r.grade,
                f"{pay_linked_share:.0%}",
                factor,
            ]
        )
    title = f"{year}年度考核结果({DIRECTION_TITLES.get(direction, direction)})"
    return Table(title=title, header=header, rows=rows)
