"""Grid event API shapes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

Urgency = Literal["on_the_spot", "ordinary", "difficult"]
AssigneeKind = Literal["grid_worker", "township_office", "department", "enforcement"]


class EventReport(BaseModel):
    """发现上报: located automatically from lon/lat."""

    category: str = Field(min_length=1, max_length=64, examples=["environment"])
    description: str = Field(min_length=1, max_length=4000)
    lon: float = Field(ge=-180, le=180, allow_inf_nan=False)
    lat: float = Field(ge=-90, le=90, allow_inf_nan=False)
    urgency: Urgency = "ordinary"
    reporter: str = Field(min_length=1, max_length=200)
    photos: list[Annotated[str, Field(min_length=1, max_length=1000)]] = Field(
        default_factory=list, max_length=20, description="Photo references (URLs or object keys)"
    )


class EventAssign(BaseModel):
    assignee_kind: AssigneeKind
    assignee: str | None = Field(
        default=None,
        max_length=200,
        description="Worker account, office/department code; township for enforcement",
    )
    item_code: str | None = Field(default=None, max_length=64, description="Enforcement item")
    note: str | None = Field(default=None, max_length=2000)


class EventHandle(BaseModel):
    feedback: str = Field(min_length=1, max_length=4000)


class EventVerify(BaseModel):
    passed: bool
    note: str | None = Field(default=None, max_length=2000)


class EventClose(BaseModel):
    resolved: bool = True
    satisfaction: Literal["satisfied", "basically_satisfied", "dissatisfied"] | None = None
    note: str | None = Field(default=None, max_length=2000)


class EventNote(BaseModel):
    note: str | None = Field(default=None, max_length=2000)


class EventRead(BaseModel):
    id: str
    township: str
    grid_id: str | None
    category: str
    urgency: str
    description: str
    lon: float
    lat: float
    reporter: str
    photos: list[str]
    channel: str
    status: str
    assignee_kind: str | None
    assignee: str | None
    due_at: datetime | None
    resolved: bool | None
    satisfaction: str | None
    case_id: str | None
    created_at: datetime
    updated_at: datetime
    revision: int


class StepRead(BaseModel):
    step: str
    at: datetime
    actor: str
    detail: dict[str, Any]


class EventHistory(BaseModel):
    id: str
    steps: list[StepRead]


class PolicyEntry(BaseModel):
    category: str = Field(default="*", min_length=1, max_length=64)
    urgency: Urgency
    limits: dict[str, dict[str, int]] = Field(
        examples=[{"handled": {"working_days": 3}, "accepted": {"hours": 4}}]
    )


class PolicyTable(BaseModel):
    """A county's time limits (entries replace those with the same category and urgency)."""

    county: str | None = Field(default=None, pattern=r"^\d{12}$")
    entries: list[PolicyEntry] = Field(max_length=500)


class PolicyRead(BaseModel):
    county: str
    entries: list[PolicyEntry]
    defaults: dict[str, dict[str, dict[str, int]]]
    max_working_days: int


class EventPage(BaseModel):
    items: list[EventRead]
    next_cursor: str | None = None


class EventExtend(BaseModel):
    """An extension of the handling limit approved by the township (最长 15 个工作日)."""

    working_days: int = Field(ge=1, le=100)
    reason: str = Field(min_length=1, max_length=2000)
