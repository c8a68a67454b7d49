"""Whistle API shapes."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class WhistleCreate(BaseModel):
    """乡镇吹哨: summon departments about an issue or a grid event, with a response limit."""

    departments: list[str] = Field(min_length=1, max_length=30)
    issue: str = Field(min_length=1, max_length=4000)
    grid_event_id: str | None = Field(default=None, max_length=40)
    respond_within_hours: int | None = Field(default=None, ge=1, le=15 * 24)


class WhistleAnswer(BaseModel):
    """部门报到: arrival and the action taken."""

    arrived: bool = True
    action: str = Field(min_length=1, max_length=4000)


class CallRead(BaseModel):
    department: str
    due_at: datetime
    answered_at: datetime | None
    arrived: bool | None
    action: str | None
    on_time: bool | None
    overdue: bool


class WhistleRead(BaseModel):
    id: str
    township: str
    issue: str
    grid_event_id: str | None
    due_at: datetime
    status: str
    created_at: datetime
    calls: list[CallRead]


class WhistlePage(BaseModel):
    items: list[WhistleRead]
