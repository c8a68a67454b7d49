"""Catalog API shapes."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class CatalogCounts(BaseModel):
    org_units: int
    duty_items: int
    enforcement_items: int
    approved_forms: int
    field_definitions: int = 0


class CatalogVersionRead(BaseModel):
    """A stored catalog version: its identity, counts, and (on request) the whole document."""

    county: str
    version: str
    effective_from: date
    counts: CatalogCounts
    document: dict[str, Any] | None = None


class CatalogDiff(BaseModel):
    """What changed from one version to another, per section."""

    county: str
    from_version: str
    to_version: str
    duty_items: dict[str, list[dict[str, Any]]]
    enforcement_items: dict[str, list[dict[str, Any]]]
    approved_forms: dict[str, list[dict[str, Any]]]
    org_units: dict[str, list[dict[str, Any]]]
    field_definitions: dict[str, list[dict[str, Any]]]


# the demo county in 2026 (groups cut to one, forms to two): GET /v1/catalog/forms/overlaps
_FILLINGS_COUNTS = (
    "每年字段填报次数:各表 字段数 × 年填报次数(每单位频次 × 本层级单位数)之和 → "
    "每个(规范字段, 数据对象)只答一次,按问它的表中年填报次数最多的一张计"
)
_FILLINGS_ARITHMETIC = (
    "6×60 + 5×60 + 5×720 + 5×120 + 6×120 + 4×60 + 6×240 + 6×60 + 5×120 + 5×240 + 5×60 + "
    "6×120 + 5×120 + 4×60 + 6×40 + 6×720 + 6×60 + 4×240 = 17160;"
    "去重后 11×720 + 11×240 + 24×120 + 22×60 + 6×40 = 15000"
)
OVERLAPS_EXAMPLE: dict[str, Any] = {
    "county": "990101000000",
    "version": "2026.1",
    "effective_from": "2026-01-01",
    "year": 2026,
    "as_of": "2026-06-01",
    "units": {"township": 10, "village": 60},
    "unmapped_fields": 0,
    "groups": [
        {
            "field": "FD-029",
            "name": "家庭人口",
            "subject": "household",
            "sensitivity": "internal",
            "forms": [
                {
                    "form": "F-007",
                    "title": "农村低保对象季度核查表",
                    "owner_department": "11990101MB000006X6",
                    "owner_name": "县民政局",
                    "level": "village",
                    "frequency": "quarterly",
                    "label": "家庭人口",
                    "fillings_a_year": 240,
                },
                {
                    "form": "F-016",
                    "title": "防止返贫动态监测信息采集表",
                    "owner_department": "11990101MB00001905",
                    "owner_name": "县乡村振兴局",
                    "level": "village",
                    "frequency": "monthly",
                    "label": "家庭人口",
                    "fillings_a_year": 720,
                },
            ],
        }
    ],
    "forms": [
        {
            "code": "F-007",
            "title": "农村低保对象季度核查表",
            "owner_department": "11990101MB000006X6",
            "level": "village",
            "frequency": "quarterly",
            "fields": 6,
            "shared_fields": 4,
            "units": 60,
            "fillings_per_unit": 4,
            "fillings_a_year": 240,
            "folded": False,
            "merged_into": [],
        },
        {
            "code": "F-018",
            "title": "村(社区)人口基本情况季报表",
            "owner_department": "11990101MB00000786",
            "level": "village",
            "frequency": "quarterly",
            "fields": 4,
            "shared_fields": 4,
            "units": 60,
            "fillings_per_unit": 4,
            "fillings_a_year": 240,
            "folded": True,
            "merged_into": ["F-001", "F-009", "F-017"],
        },
    ],
    "savings": {
        "forms": {
            "before": 18,
            "after": 17,
            "saved": 1,
            "counts": "表格数:字段最少的表先看,其每个(规范字段, 数据对象)都有另一张保留的表在问,"
            "即并入他表",
            "arithmetic": "18 − 1(F-018 并入 F-001、F-009、F-017)= 17",
        },
        "fields": {
            "before": 95,
            "after": 74,
            "saved": 21,
            "counts": "字段数:各表字段数之和 → 不同的(规范字段, 数据对象)个数(未映射的字段各算一个)",
            "arithmetic": "6 + 5 + 5 + 5 + 6 + 4 + 6 + 6 + 5 + 5 + 5 + 6 + 5 + 4 + 6 + 6 + 6 + 4"
            " = 95;去重后 74 个(规范字段, 数据对象)",
        },
        "field_fillings": {
            "before": 17160,
            "after": 15000,
            "saved": 2160,
            "counts": _FILLINGS_COUNTS,
            "arithmetic": _FILLINGS_ARITHMETIC,
        },
    },
}


class OverlapAsk(BaseModel):
    """One form asking a shared fact, under its own label."""

    form: str
    title: str
    owner_department: str
    owner_name: str
    level: str
    frequency: str
    label: str
    fillings_a_year: int


class OverlapGroup(BaseModel):
    """A (canonical field, subject) asked by more than one form filled in the year."""

    field: str
    name: str
    subject: str
    sensitivity: str
    forms: list[OverlapAsk]


class FormLoad(BaseModel):
    """One form's load in the year, and whether merging would fold it into others."""

    code: str
    title: str
    owner_department: str
    level: str
    frequency: str
    fields: int
    shared_fields: int = Field(description="its fields some other form asks too")
    units: int = Field(description="townships or villages of its level in the catalog")
    fillings_per_unit: int
    fillings_a_year: int = Field(description="fillings_per_unit × units")
    folded: bool = Field(description="every field it asks is asked by a form kept")
    merged_into: list[str] = Field(description="the kept forms asking its fields, when folded")


class Saving(BaseModel):
    """One figure before and after merging, with what is counted and the arithmetic."""

    before: int
    after: int
    saved: int
    counts: str
    arithmetic: str


class Savings(BaseModel):
    forms: Saving
    fields: Saving
    field_fillings: Saving


class FormOverlaps(BaseModel):
    """The approved forms of the version in force: the facts several forms ask (标签化, 一表同享)
    and what merging them would save."""

    model_config = ConfigDict(json_schema_extra={"example": OVERLAPS_EXAMPLE})

    county: str
    version: str
    effective_from: date
    year: int
    as_of: date = Field(description="the day whose version in force is analysed")
    units: dict[str, int] = Field(description="townships and villages in the catalog")
    unmapped_fields: int = Field(description="form fields without a canonical field (never shared)")
    groups: list[OverlapGroup]
    forms: list[FormLoad]
    savings: Savings
