"""Worker and duty API shapes."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class WorkerCreate(BaseModel):
    """A grid worker (网格员) with post and phone (定人定岗定责)."""

    name: str = Field(min_length=1, max_length=100, examples=["李网格"])
    post: str = Field(min_length=1, max_length=100, examples=["专职网格员"])
    phone: str = Field(pattern=r"^\+?[0-9-]{5,20}$", examples=["13800000000"])
    sub: str | None = Field(
        default=None, max_length=200, description="The worker's account (JWT sub)"
    )


class WorkerRead(BaseModel):
    id: str
    grid_id: str
    township: str
    name: str
    post: str
    phone: str
    sub: str | None
    created_at: datetime


class DutyCreate(BaseModel):
    """A department's function carried by the workers of some grids (一岗多责)."""

    department: str = Field(min_length=1, max_length=64)
    grid_ids: list[str] = Field(min_length=1, max_length=1000)
    function: str = Field(min_length=1, max_length=200, examples=["森林防火巡查"])
    duty_item_code: str | None = Field(default=None, max_length=64)


class DutyRead(BaseModel):
    id: str
    grid_id: str
    department: str
    function: str
    duty_item_code: str | None
    created_at: datetime


class DutyBatch(BaseModel):
    items: list[DutyRead]
