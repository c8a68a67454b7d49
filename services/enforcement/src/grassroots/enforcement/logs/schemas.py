"""Enforcement-log API shapes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

Short = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]


class PatrolCreate(BaseModel):
    """A patrol or inspection entry (巡查/检查记录): officers, time, place, what was seen."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "township": "990101101000",
                    "kind": "patrol",
                    "at": "2026-11-02T09:30:00+08:00",
                    "place": "石桥村河道",
                    "officers": [],
                    "observed": "河道内无堆放物,森林防火宣传牌完好",
                }
            ]
        },
    )

    township: Annotated[str, StringConstraints(pattern=r"^\d{9}000$")]
    kind: Literal["patrol", "inspection"]
    at: AwareDatetime
    place: Short
    officers: Annotated[
        list[Annotated[str, StringConstraints(max_length=40)]], Field(max_length=20)
    ]
    observed: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)
    ]
    case_id: Annotated[str, StringConstraints(max_length=40)] | None = None


class LogEntryRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    township: str
    seq: int
    kind: str
    case_id: str | None
    at: datetime
    actor: str
    body: dict[str, Any]
    prev_hash: str
    hash: str


class LogPage(BaseModel):
    items: list[LogEntryRead]
    next_after_seq: int | None = None


class VerificationRead(BaseModel):
    """The log against what was witnessed: `ok`, or the first bad position and a stable code."""

    township: str
    ok: bool
    entries: int
    first_bad_seq: int | None = None
    code: str | None = None
    message: str | None = None
    witnessed_size: int = Field(
        0, description="the longest size a checkpoint or announcement vouched for"
    )
    witnessed_by: str | None = Field(
        None, description="the witness's URL; null: only this database's own checkpoints were used"
    )
    checkpoints_from: Literal["witness", "local"] = Field(
        description="whose checkpoints were checked: the witness's, or this database's own "
        "(which an insider can delete along with the log)"
    )
    checkpoints_checked: int = Field(description="how many checkpoints were checked")


class CheckpointRead(BaseModel):
    """A signed checkpoint (RFC 9162 tree size and root hash, Ed25519) and its consistency proof
    from the township's previous checkpoint."""

    model_config = ConfigDict(from_attributes=True)

    township: str
    origin: str
    tree_size: int
    root_hash: str
    time: datetime
    key_id: str
    signature: str
    previous_size: int
    consistency: list[str]


class CheckpointPage(BaseModel):
    items: list[CheckpointRead]


class PublicKeyRead(BaseModel):
    key_id: str
    public_key: str = Field(
        description="raw Ed25519 public key, base64 (grassroots-verify-log --public-key)"
    )
    signing: bool = Field(description="whether new checkpoints are signed with it")


class PublicKeyList(BaseModel):
    items: list[PublicKeyRead]
