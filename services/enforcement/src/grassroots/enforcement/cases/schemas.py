"""Case API shapes: creation, the transition commands, the read model."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

from grassroots.enforcement.money import Yuan

TownshipCode = Annotated[str, StringConstraints(pattern=r"^\d{9}000$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
Short = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
OfficerIds = Annotated[list[Annotated[str, StringConstraints(max_length=40)]], Field(max_length=20)]
Source = Literal["grid_referral", "inspection", "complaint", "department_transfer", "patrol"]
Penalty = Literal["fine", "warning"]
CaseState = Literal[
    "discovered",
    "filed",
    "investigating",
    "notified",
    "hearing",
    "decided",
    "served",
    "executed",
    "closed",
    "not_filed",
    "transferred",
    "withdrawn",
]
Money = Yuan  # at most two decimals (E-AMOUNT-PRECISION), kept in fen


class Party(BaseModel):
    """The party (当事人): a person (resident ID) or an organisation (unified social credit code)."""

    model_config = ConfigDict(extra="forbid")
    name: Short
    id_type: Literal["resident", "uscc"]
    id_no: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=32)]


class CaseCreate(BaseModel):
    """A case as discovered (发现); filing (立案) is a separate, approved step."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "township": "990101101000",
                    "item_code": "ZF-001",
                    "source": "inspection",
                    "party": {"name": "李四", "id_type": "resident", "id_no": "11010519491231002X"},
                    "facts": "在禁烧区露天焚烧秸秆",
                    "discovered_at": "2026-11-02T09:00:00+08:00",
                    "act_date": "2026-11-02",
                    "officers": [],
                    "procedure": "general",
                }
            ]
        },
    )

    township: TownshipCode
    item_code: Short
    source: Source
    party: Party | None = None
    facts: Text
    place: Short | None = None
    discovered_at: AwareDatetime
    act_date: date | None = None
    safety_harm: bool = Field(False, description="life/health/financial safety harmed (5 years)")
    officers: OfficerIds = Field(default_factory=list)
    procedure: Literal["general", "simplified"] = "general"


class Command(BaseModel):
    """Fields every transition takes: when it happened (default now) and a note for the log."""

    model_config = ConfigDict(extra="forbid")
    at: AwareDatetime | None = None
    note: Annotated[str, StringConstraints(max_length=2000)] | None = None


class FileCommand(Command):
    """立案 (supervisor approval); officers, item and party may be completed here."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"officers": ["off_1", "off_2"], "note": "经法制审核,同意立案"}]
        },
    )

    officers: OfficerIds | None = None
    item_code: Short | None = None
    party: Party | None = None
    act_date: date | None = None


class NotifyCommand(Command):
    """告知: the proposed penalty, its facts and grounds, the party's rights."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "penalty": "fine",
                    "proposed_fine": 1000,
                    "grounds": "《大气污染防治法》第一百一十九条",
                }
            ]
        },
    )

    penalty: Penalty = "fine"
    proposed_fine: Money = Decimal(0)
    grounds: Text


class HearingCommand(Command):
    """听证: requested by the party inside the window, then held."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"requested_on": "2026-11-06", "held_on": "2026-11-12"}]},
    )

    requested_on: date
    held_on: date | None = None


class DecideCommand(Command):
    """处罚决定 (supervisor approval after legal review)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"penalty": "fine", "fine_yuan": 1000, "party_present": False}]
        },
    )

    penalty: Penalty = "fine"
    fine_yuan: Money = Decimal(0)
    party_present: bool = Field(False, description="decision handed over on the spot")
    officers: OfficerIds | None = Field(None, description="reassign the case's officers")


class ServeCommand(Command):
    """送达; serving after the limit needs a reason."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"method": "直接送达"}]}
    )

    method: Short = "直接送达"
    late_reason: Short | None = None


class ExecuteCommand(Command):
    """执行: the fine (plus any surcharge) paid."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"paid_yuan": 1000, "paid_on": "2026-11-20"}]},
    )

    paid_yuan: Money = Decimal(0)
    paid_on: date | None = None


class CloseCommand(Command):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"outcome": "罚款已缴纳,结案"}]}
    )
    outcome: Short = "结案"


class TransferCommand(Command):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"to": "11990101MB0000094U", "reason": "涉嫌犯罪,移送公安机关"}]
        },
    )
    to: Short | None = Field(None, description="receiving department (default: item's origin)")
    reason: Short


class ExtendCommand(Command):
    """延期 (supervisor approval): the filing limit once, the decision limit by N days."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"limit": "decision", "days": 30, "reason": "案情复杂,经负责人批准延期"}]
        },
    )

    limit: Literal["filing", "decision"]
    days: Annotated[int, Field(ge=1, le=365)] | None = None
    reason: Short


class Deadlines(BaseModel):
    filing_due: date | None = None
    decision_due: date | None = None
    hearing_request_until: date | None = None
    service_due: date | None = None
    payment_due: date | None = None


class CaseRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    township: str
    item_code: str | None
    item_title: str | None
    origin_department: str | None
    fine_min: float | None
    fine_max: float | None
    source: str
    grid_event_id: str | None
    party_name: str | None
    party_id_type: str | None
    party_id_no: str | None
    facts: str
    place: str | None
    discovered_at: datetime
    act_date: date | None
    safety_harm: bool
    procedure: str
    state: str
    officer_ids: list[str]
    filing_extensions: int
    decision_extensions: list[dict[str, Any]]
    filed_at: datetime | None
    filed_on_time: bool | None
    notified_at: datetime | None
    proposed_fine: float | None
    hearing_requested_on: date | None
    hearing_held_on: date | None
    decided_at: datetime | None
    penalty: str | None
    fine_yuan: float | None
    party_present: bool | None
    served_at: datetime | None
    executed_at: datetime | None
    paid_yuan: float | None
    surcharge_yuan: float | None
    closed_at: datetime | None
    outcome: str | None
    transferred_to: str | None
    transfer_reason: str | None
    version: int
    deadlines: Deadlines = Field(default_factory=Deadlines)


class CasePage(BaseModel):
    items: list[CaseRead]
    next_cursor: str | None = None
