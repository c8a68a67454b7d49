"""The pure checks of a form's history file (uploads.py reads it as cells, history.py stores it):
a `subject` column (对象) and an `as_of` column (日期) beside one column per field label; each
row's subject as the form's rows are keyed (a unit of the county's catalog or a USCC; a resident
ID for households or persons), its date not after today, each value as its field takes it. Every
problem is named by row and column (the header is row 1); a resident ID only masked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from stdnum.cn import ric

from grassroots.common.catalog.identifiers import is_uscc
from grassroots.common.catalog.models import Subject
from grassroots.task_admission.forms.rules import (
    KEYED,
    Fields,
    Raw,
    field_key,
    is_resident_id,
    mask_id,
    read_value,
)

SUBJECT_COLUMNS = ("subject", "对象")
AS_OF_COLUMNS = ("as_of", "日期")


@dataclass(frozen=True)
class HistoryRecord:
    """One value of one row of a history file, checked."""

    subject: str
    key: str
    value: str
    as_of: date


@dataclass(frozen=True)
class FileProblem:
    row: int  # 1 is the header
    column: str
    message: str


def check_history(
    *,
    form_code: str,
    fields: Fields,
    kind: Subject,
    header: Sequence[object],
    rows: Sequence[tuple[int, Sequence[object]]],
    units: Mapping[str, bool],
    today: date,
) -> tuple[list[FileProblem], list[HistoryRecord]]:
    """Every problem of a history file (row and column), and its values when there is none.

    `rows` are (row number, cells); `units` says which unit codes the county's catalog holds.
    A subject is a unit code or USCC for a form about the unit, a resident ID for one about
    households or persons; `as_of` a date not after today; each value as its field takes it
    (an empty cell is no value)."""
    problems: list[FileProblem] = []
    names = [str(h).strip() if h is not None else "" for h in header]
    labels = dict(fields)
    subject_at = next((i for i, n in enumerate(names) if n in SUBJECT_COLUMNS), None)
    as_of_at = next((i for i, n in enumerate(names) if n in AS_OF_COLUMNS), None)
    if subject_at is None:
        problems.append(FileProblem(1, "subject", "缺少对象列(subject)"))
    if as_of_at is None:
        problems.append(FileProblem(1, "as_of", "缺少日期列(as_of)"))
    columns: dict[int, str] = {}
    for i, name in enumerate(names):
        if i in (subject_at, as_of_at) or not name:
            continue
        if name not in labels:
            problems.append(FileProblem(1, name, "不是本表的字段"))
        elif name in columns.values():
            problems.append(FileProblem(1, name, "字段重复"))
        else:
            columns[i] = name
    if not columns and subject_at is not None and as_of_at is not None:
        problems.append(FileProblem(1, "", "没有本表的字段列"))
    if problems:
        return problems, []
    assert subject_at is not None and as_of_at is not None
    records: list[HistoryRecord] = []
    for number, cells in rows:

        def cell(i: int, cells: Sequence[object] = cells) -> object:
            return cells[i] if i < len(cells) else None

        subject = _history_subject(cell(subject_at), kind, units)
        if isinstance(subject, FileProblem):
            problems.append(FileProblem(number, names[subject_at], subject.message))
        as_of = _history_date(cell(as_of_at), today)
        if isinstance(as_of, str):
            problems.append(FileProblem(number, names[as_of_at], as_of))
        for i, label in columns.items():
            raw = cell(i)
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                continue
            value, problem = read_value(_plain(raw), labels[label])
            if problem is not None or value is None:
                problems.append(FileProblem(number, label, problem or "应填写"))
            elif isinstance(subject, str) and isinstance(as_of, date):
                key = field_key(form_code, label, labels[label])
                records.append(HistoryRecord(subject, key, value, as_of))
    return problems, records if not problems else []


def _plain(raw: object) -> Raw:
    if isinstance(raw, date):
        return raw.isoformat()[:10]
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    if isinstance(raw, int | float | str):
        return raw
    return str(raw)


def _history_subject(raw: object, kind: Subject, units: Mapping[str, bool]) -> str | FileProblem:
    text = str(raw).strip() if raw is not None else ""
    if not text:
        return FileProblem(0, "", "应填写")
    if kind in KEYED:
        if is_resident_id(text):
            return str(ric.compact(text)).upper()
        return FileProblem(0, "", f"{mask_id(text)} 不是有效的公民身份号码")
    problem = unit_subject_problem(text, units.get(text, False))
    return FileProblem(0, "", problem) if problem else text


def _history_date(raw: object, today: date) -> date | str:
    if isinstance(raw, date):
        day = raw if type(raw) is date else raw.date()  # type: ignore[attr-defined]
    else:
        try:
            day = date.fromisoformat(str(raw).strip()[:10]) if raw is not None else None
        except ValueError:
            day = None
    if day is None:
        return "应为日期(YYYY-MM-DD)"
    if day > today:
        return "日期不能晚于今天"
    if day.year < 1949:
        return "日期过早"
    return day


def unit_subject_problem(code: str, known: bool) -> str | None:
    """Why a subject of a form about the unit itself is not one (a unit of the county's catalog
    or a unified social credit code), or None."""
    if known or is_uscc(code):
        return None
    return "应为本县的村(社区)、乡镇代码或统一社会信用代码"
