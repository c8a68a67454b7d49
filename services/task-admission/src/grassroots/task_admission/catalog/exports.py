"""The forms' overlap analysis as a table people open (CSV or XLSX through
`grassroots.common.exports`): one row per form asking a shared fact."""

from __future__ import annotations

from grassroots.common.exports import Table
from grassroots.task_admission.catalog.schemas import FormOverlaps

SUBJECTS = {"village": "村(社区)", "household": "户", "person": "个人", "organisation": "单位"}
LEVELS = {"township": "乡镇", "village": "村(社区)"}
HEADER = (
    "规范字段代码",
    "规范字段",
    "数据对象",
    "敏感级别",
    "表格代码",
    "表格名称",
    "主管部门",
    "层级",
    "报送频次",
    "表内字段名",
    "年填报次数",
)


def overlaps_table(report: FormOverlaps) -> Table:
    """Every (canonical field, subject) asked by several forms, a row per form asking it; the
    savings in the title."""
    s = report.savings
    title = (
        f"{report.year}年报表字段重叠分析 {report.county} {report.version}:"
        f"表格 {s.forms.before}→{s.forms.after},字段 {s.fields.before}→{s.fields.after},"
        f"每年字段填报 {s.field_fillings.before}→{s.field_fillings.after}"
    )
    rows = [
        [
            group.field,
            group.name,
            SUBJECTS.get(group.subject, group.subject),
            group.sensitivity,
            ask.form,
            ask.title,
            ask.owner_name,
            LEVELS.get(ask.level, ask.level),
            ask.frequency,
            ask.label,
            ask.fillings_a_year,
        ]
        for group in report.groups
        for ask in group.forms
    ]
    return Table(title, HEADER, rows)
