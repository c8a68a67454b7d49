"""Complaint API shapes (一键投诉)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

from grassroots.common.events.admission import ComplaintKind

LongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=20000)]


class ComplaintCreate(BaseModel):
    """A township's or village's complaint against a department."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "example": {
                "kind": "out_of_list",
                "department": "11990101MB0000051E",
                "demand_id": None,
                "description": "县市场监管局通过微信群要求各村检查食品生产企业,未经平台派单",
            }
        },
    )

    kind: ComplaintKind
    department: Annotated[str, StringConstraints(pattern=r"^[0-9A-Z]{18}$")]
    demand_id: Annotated[str, StringConstraints(max_length=40)] | None = None
    description: Annotated[LongText, StringConstraints(min_length=1)]


class RulingCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    upheld: bool
    reason: LongText | None = None


class ComplaintRead(BaseModel):
    id: str
    county: str
    complainant: str
    department: str
    kind: ComplaintKind
    demand_id: str | None
    description: str
    status: str
    upheld: bool | None
    ruling_reason: str | None
    ruled_by: str | None
    created_at: datetime
    ruled_at: datetime | None


class ComplaintPage(BaseModel):
    items: list[ComplaintRead]
