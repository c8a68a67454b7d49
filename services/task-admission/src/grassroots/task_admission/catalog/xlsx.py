"""Bulk import from the workbook 编办 offices keep (清单 Excel) into the import format of DESIGN §4.

One sheet per section, named by its Chinese label (组织机构, 履职事项, 执法事项, 报表, 规范字段) or
its English key, first row the column headers (Chinese label or English field, from the catalog's
own FIELD_LABELS), one entry per row; a 目录 sheet holds 所属县代码/所属县名称/版本号/生效日期
as key–value rows. Several values in one cell are separated by 、 ; ， or /. Chinese values of
kind, level, list, and of a canonical field's type, subject and sensitivity are mapped to their
codes. A form's 字段映射 (field_map) cell lists ``字段=规范字段代码`` pairs the same way
(``户主姓名=FD-027；身份证号=FD-028``). The result is then validated like any upload.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from openpyxl import load_workbook
from pydantic import BaseModel

from grassroots.common.catalog.codes import FIELD_LABELS, CatalogInvalid, problem
from grassroots.common.catalog.models import (
    ApprovedForm,
    DutyItem,
    EnforcementItem,
    FieldDefinition,
    OrgUnit,
)

SECTIONS = ("org_units", "duty_items", "enforcement_items", "approved_forms", "field_definitions")
_MODELS: tuple[type[BaseModel], ...] = (
    OrgUnit,
    DutyItem,
    EnforcementItem,
    ApprovedForm,
    FieldDefinition,
)
FIELDS = {
    section: tuple(model.model_fields) for section, model in zip(SECTIONS, _MODELS, strict=True)
}
LIST_FIELDS = frozenset({"keywords", "applies_to", "fields", "choices"})
LINE_FIELDS = frozenset({"examples"})  # sentences hold commas: one per line of the cell
MAP_FIELDS = frozenset({"field_map"})
NUMBER_FIELDS = frozenset({"fine_min", "fine_max"})
VALUES = {
    "kind": {
        "县": "county",
        "乡镇": "township",
        "街道": "township",
        "村": "village",
        "社区": "village",
        "部门": "department",
        "县直部门": "department",
        "机构": "office",
    },
    "level": {"乡镇": "township", "村": "village", "村(社区)": "village"},
    "list": {
        "基本履职": "basic",
        "配合履职": "assist",
        "上级部门收回": "withdrawn",
        "主责": "main",
        "履职": "main",
        "协助": "assist",
        "赋能": "assist",
        "负面": "negative",
    },
    "type": {
        "文本": "text",
        "整数": "integer",
        "小数": "decimal",
        "数值": "decimal",
        "日期": "date",
        "选项": "choice",
        "身份证号码": "id_number",
        "身份证号": "id_number",
    },
    "subject": {
        "村": "village",
        "村(社区)": "village",
        "社区": "village",
        "户": "household",
        "家庭": "household",
        "个人": "person",
        "人": "person",
        "单位": "organisation",
        "组织": "organisation",
    },
    "sensitivity": {"公开": "public", "内部": "internal", "敏感": "sensitive"},
}
HEADER_KEYS = {
    "所属县代码": ("county", "code"),
    "所属县名称": ("county", "name"),
    "版本号": ("version",),
    "生效日期": ("effective_from",),
}
_SPLIT = re.compile(r"[、;；,，/]")
_PAIR = re.compile(r"[=＝]")


def _key(label: object, allowed: Iterable[str]) -> str | None:
    # labels repeat across sections (名称 is a unit's name and an item's title): look per section
    text = str(label or "").strip()
    allowed = list(allowed)
    if text in allowed:
        return text
    return next((k for k in allowed if FIELD_LABELS.get(k) == text), None)


def _cell(field: str, value: Any) -> Any:
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if field in LIST_FIELDS:
        return [part.strip() for part in _SPLIT.split(str(value or "")) if part.strip()]
    if field in LINE_FIELDS:
        return [line.strip() for line in str(value or "").splitlines() if line.strip()]
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if field in NUMBER_FIELDS:
        return value
    text = str(value).strip()
    return VALUES.get(field, {}).get(text, text)


def _rows(sheet: Any, section: str, problems: list) -> list[dict[str, Any]]:
    rows = list(sheet.iter_rows(values_only=True))
    if not rows:
        return []
    keys = [_key(h, FIELDS[section]) for h in rows[0]]
    for n, (header, key) in enumerate(zip(rows[0], keys, strict=True)):
        if key is None and header not in (None, ""):
            problems.append(problem("C-SYNTAX", f"{section}.列{n + 1}", detail=f"未知列“{header}”"))
    out = []
    for number, row in enumerate(rows[1:], start=2):
        if all(v in (None, "") for v in row):
            continue
        entry = {}
        for key, value in zip(keys, row, strict=False):
            if key is None:
                continue
            if key in MAP_FIELDS:
                converted: Any = _pairs(value, f"{section}.行{number}", problems)
            else:
                converted = _cell(key, value)
            if converted not in (None, [], {}):
                entry[key] = converted
        out.append(entry)
    return out


def _pairs(value: Any, where: str, problems: list) -> dict[str, str]:
    """A 字段映射 cell, ``字段=代码`` pairs, as a map (a pair without its ``=`` is a problem)."""
    pairs: dict[str, str] = {}
    for part in _SPLIT.split(str(value or "")):
        if not part.strip():
            continue
        label, *code = _PAIR.split(part, maxsplit=1)
        if not code:
            detail = f"字段映射“{part.strip()}”应写作“字段=规范字段代码”"
            problems.append(problem("C-SYNTAX", where, detail=detail))
            continue
        pairs[label.strip()] = code[0].strip()
    return pairs


def workbook_to_document(body: bytes) -> dict[str, Any]:
    """The import document a workbook holds; CatalogInvalid if it cannot be read."""
    try:
        return _convert(body)
    except CatalogInvalid:
        raise
    except Exception as exc:  # an untrusted file may break the parser anywhere: never a 500
        detail = f"无法读取 Excel 文件({type(exc).__name__})"
        raise CatalogInvalid([problem("C-SYNTAX", "", detail=detail)]) from exc


def _convert(body: bytes) -> dict[str, Any]:
    book = load_workbook(io.BytesIO(body), read_only=True, data_only=True)
    names = {name.strip(): name for name in book.sheetnames}
    problems: list = []
    document: dict[str, Any] = {"county": {}}
    meta = names.get("目录") or names.get("catalog")
    if meta is None:
        problems.append(problem("C-SYNTAX", "目录", detail="缺少“目录”工作表"))
    else:
        for row in book[meta].iter_rows(values_only=True):
            if not row or row[0] is None:
                continue
            path = HEADER_KEYS.get(str(row[0]).strip())
            value = _cell("", row[1] if len(row) > 1 else None)
            if path is None:
                problems.append(problem("C-SYNTAX", "目录", detail=f"未知项目“{row[0]}”"))
            elif len(path) == 2:
                document["county"][path[1]] = value
            else:
                document[path[0]] = value
    for section in SECTIONS:
        sheet = names.get(FIELD_LABELS[section]) or names.get(section)
        document[section] = _rows(book[sheet], section, problems) if sheet else []
    book.close()
    if problems:
        raise CatalogInvalid(problems)
    return document
