"""Officer API shapes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

TownshipCode = Annotated[str, StringConstraints(pattern=r"^\d{9}000$")]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
ItemCode = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]


class OfficerCreate(BaseModel):
    """A certified officer (执法人员) of a township with the certificate (执法证)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "name": "张伟",
                    "township": "990101101000",
                    "user_sub": "zhangwei",
                    "certificate_no": "99010120260001",
                    "valid_from": "2026-01-01",
                    "valid_until": "2030-12-31",
                    "scope": [],
                }
            ]
        },
    )

    name: Name
    township: TownshipCode
    user_sub: Annotated[str, StringConstraints(min_length=1, max_length=200)] | None = None
    certificate_no: Annotated[
        str, StringConstraints(strip_whitespace=True, pattern=r"^[0-9A-Za-z-]{4,64}$")
    ]
    valid_from: date
    valid_until: date
    scope: Annotated[list[ItemCode], Field(max_length=500)] = Field(
        default_factory=list, description="enforcement item codes; empty = every delegated item"
    )


class OfficerRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    name: str
    township: str
    user_sub: str | None
    certificate_no: str
    valid_from: date
    valid_until: date
    scope: list[str]
    created_at: datetime
    days_to_expiry: int | None = None


class OfficerPage(BaseModel):
    items: list[OfficerRead]
