"""Enforcement item API shapes (执法事项, from the active catalog)."""

from __future__ import annotations

from pydantic import BaseModel


class EnforcementItemRead(BaseModel):
    code: str
    title: str
    origin_department: str
    legal_basis: str
    fine_min: float
    fine_max: float
    delegated: bool


class EnforcementItemPage(BaseModel):
    township: str
    catalog_version: str
    items: list[EnforcementItemRead]
