"""Catalog API shapes."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel


class CatalogCounts(BaseModel):
    org_units: int
    duty_items: int
    enforcement_items: int
    approved_forms: int


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
