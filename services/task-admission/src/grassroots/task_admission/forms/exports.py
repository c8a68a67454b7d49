"""A demand's submissions as a table people open (CSV, XLSX): one line per row of each unit's
filling, the values as the reader may see them (masked unless revealed)."""

from __future__ import annotations

from grassroots.common.exports import Table
from grassroots.task_admission.forms.schemas import SubmissionsRead

LEADING = ["填报单位", "期别", "对象"]
TRAILING = ["提交时间"]


def submissions(read: SubmissionsRead) -> Table:
    title = f"{read.form_title or read.form_code or '报表'} 填报汇总 {read.demand_id}"
    rows = [
        [
            s.org,
            s.period,
            row.subject,
            *(row.values.get(label) for label in read.fields),
            s.submitted_at.isoformat(),
        ]
        for s in read.submissions
        for row in s.rows
    ]
    return Table(title, [*LEADING, *read.fields, *TRAILING], rows)
