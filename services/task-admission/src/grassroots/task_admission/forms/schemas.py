"""Form API shapes (一套表): fillings, their rows and answers, submissions, history imports."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictInt, StrictStr

from grassroots.common.catalog.models import FieldType, Sensitivity, Subject

FillingStatus = Literal["open", "submitted", "withdrawn"]
CellStatus = Literal["empty", "prefilled", "shared", "confirmed", "typed"]
Label = Annotated[str, Field(min_length=1, max_length=200)]
RawValue = StrictStr | StrictInt | StrictFloat | None

_VILLAGE = "990101101201"
_FILLING = "fl_0f6c1e2d3b4a59687766554433221100"
_DEMAND = "dm_5d41402abc4b2a76b9719d911017c592"
_FORESTRY = "11990101MB0000107H"


class Source(BaseModel):
    """Where a value came from: a submitted (or, shared, an open) filling, or an imported
    history batch; and the date it holds for."""

    kind: Literal["filling", "import"]
    id: str
    as_of: date


class FieldRead(BaseModel):
    """A field of the form: its label and, when mapped, its canonical definition."""

    label: str
    code: str | None = Field(description="the canonical field (None: asked by this form only)")
    name: str | None
    type: FieldType
    subject: Subject | None
    sensitivity: Sensitivity
    unit: str | None
    choices: list[str]


class CellRead(BaseModel):
    label: str
    value: str | None = Field(description="masked unless the reader may see it in full")
    status: CellStatus = Field(
        description="empty; prefilled (the latest fact, to confirm or correct); shared (answered "
        "by another filling of the period); confirmed; typed (or corrected by hand)"
    )
    source: Source | None


class RowRead(BaseModel):
    subject: str = Field(description="the unit itself, or a resident ID (masked unless in full)")
    cells: list[CellRead]


class CountsRead(BaseModel):
    rows: int
    fields_prefilled: int = Field(description="answers confirmed as pre-filled")
    fields_typed: int
    fields_shared: int


class FillingRead(BaseModel):
    """One unit's filling of an approved form for one period."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "id": _FILLING,
                "demand_id": _DEMAND,
                "county": "990101000000",
                "submitter": _FORESTRY,
                "form_code": "F-001",
                "form_title": "村(社区)基本情况统计表",
                "org": _VILLAGE,
                "period": "2026",
                "subject": "village",
                "status": "open",
                "revision": 2,
                "masked": False,
                "fields_asked": 2,
                "fields_prefilled": 1,
                "opened_at": "2026-03-02T01:00:00Z",
                "submitted_at": None,
                "counts": None,
                "fields": [
                    {
                        "label": "户数",
                        "code": "village.households",
                        "name": "户数",
                        "type": "integer",
                        "subject": "village",
                        "sensitivity": "public",
                        "unit": "户",
                        "choices": [],
                    }
                ],
                "rows": [
                    {
                        "subject": _VILLAGE,
                        "cells": [
                            {
                                "label": "户数",
                                "value": "412",
                                "status": "prefilled",
                                "source": {"kind": "import", "id": "hb_1", "as_of": "2025-12-31"},
                            }
                        ],
                    }
                ],
            }
        }
    )

    id: str
    demand_id: str
    county: str
    submitter: str
    form_code: str
    form_title: str | None
    org: str
    period: str
    subject: Subject = Field(description="what its rows are about")
    status: FillingStatus
    revision: int
    masked: bool = Field(description="whether people's data is masked in this answer")
    fields_asked: int
    fields_prefilled: int = Field(description="fields that opened with a known value")
    opened_at: datetime
    submitted_at: datetime | None
    counts: CountsRead | None = Field(description="the submission's ledger")
    fields: list[FieldRead]
    rows: list[RowRead]


class FillingSummary(BaseModel):
    id: str
    demand_id: str
    form_code: str
    org: str
    period: str
    subject: Subject
    status: FillingStatus
    revision: int
    fields_asked: int
    fields_prefilled: int
    opened_at: datetime
    submitted_at: datetime | None


class FillingPage(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "items": [
                    {
                        "id": _FILLING,
                        "demand_id": _DEMAND,
                        "form_code": "F-001",
                        "org": _VILLAGE,
                        "period": "2026",
                        "subject": "village",
                        "status": "open",
                        "revision": 1,
                        "fields_asked": 6,
                        "fields_prefilled": 4,
                        "opened_at": "2026-03-02T01:00:00Z",
                        "submitted_at": None,
                    }
                ],
                "next_cursor": None,
            }
        }
    )

    items: list[FillingSummary]
    next_cursor: str | None = None


class RowValues(BaseModel):
    model_config = ConfigDict(extra="forbid")

    subject: Annotated[str, Field(min_length=1, max_length=40)] | None = Field(
        default=None, description="the row: a resident ID; omitted for a form about the unit"
    )
    values: Annotated[dict[Label, RawValue], Field(max_length=500)] = Field(
        description="label → value (text, or a number); the value shown confirms it, another "
        "corrects it, null clears the answer"
    )


class ValuesUpdate(BaseModel):
    """Answers: each confirms what the filling showed or corrects it."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"example": {"rows": [{"values": {"户数": 415, "常住人口": "1290"}}]}},
    )

    rows: Annotated[list[RowValues], Field(min_length=1, max_length=2000)]


class RowCreate(BaseModel):
    """A household or person the filling reports on, by resident ID (公民身份号码)."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"example": {"subject": "11010519491231002X"}}
    )

    subject: Annotated[str, Field(min_length=1, max_length=40)]


class SubmissionRow(BaseModel):
    subject: str
    values: dict[str, str | None]


class SubmissionRead(BaseModel):
    filling_id: str
    org: str
    period: str
    submitted_at: datetime
    counts: CountsRead
    rows: list[SubmissionRow]


class SubmissionsRead(BaseModel):
    """What the units reached by a `report_form` demand submitted, and who has not yet."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "demand_id": _DEMAND,
                "form_code": "F-007",
                "form_title": "农村低保对象季度核查表",
                "fields": ["户主姓名", "身份证号", "家庭人口"],
                "masked": True,
                "submissions": [
                    {
                        "filling_id": _FILLING,
                        "org": _VILLAGE,
                        "period": "2026-Q1",
                        "submitted_at": "2026-03-05T02:00:00Z",
                        "counts": {
                            "rows": 1,
                            "fields_prefilled": 2,
                            "fields_typed": 1,
                            "fields_shared": 0,
                        },
                        "rows": [
                            {
                                "subject": "110105********002X",
                                "values": {
                                    "户主姓名": "***",
                                    "身份证号": "110105********002X",
                                    "家庭人口": "3",
                                },
                            }
                        ],
                    }
                ],
                "pending": ["990101101202"],
            }
        }
    )

    demand_id: str
    form_code: str | None
    form_title: str | None
    fields: list[str]
    masked: bool
    submissions: list[SubmissionRead]
    pending: list[str] = Field(description="units with an open filling")


class HistoryImportRead(BaseModel):
    """An imported history file: its batch (the facts' source) and what it held."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "batch_id": "hb_9b2d6a1f0c3e4d5b8a7f6e5d4c3b2a19",
                "county": "990101000000",
                "form_code": "F-001",
                "rows": 12,
                "facts": 60,
                "imported_at": "2026-03-01T08:00:00Z",
            }
        }
    )

    batch_id: str
    county: str
    form_code: str
    rows: int
    facts: int
    imported_at: datetime
