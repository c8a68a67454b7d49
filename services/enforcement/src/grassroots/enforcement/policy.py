"""Policy values of the Administrative Penalty Law (行政处罚法, 2021), each with its legal default.

A county may override any of them (ENFORCEMENT_POLICY='{"filing_working_days": 7}'); the rules
read them from here and never hold a limit as a literal. Every value is bounded, so no limit
makes a deadline count days over an unbounded range.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Policy(BaseModel):
    """Time limits, caps and thresholds of township enforcement (defaults from the law)."""

    model_config = ConfigDict(frozen=True)

    min_officers: int = Field(2, ge=1, description="Art. 42: at least two certified officers")
    filing_working_days: int = Field(
        15, ge=1, le=60, description="Art. 54 '及时': 15 working days from discovery (market rule)"
    )
    filing_extension_working_days: int = Field(
        15, ge=0, le=60, description="one extension, approved"
    )
    filing_extensions_max: int = Field(1, ge=0, le=3)
    decision_days: int = Field(
        90, ge=1, le=366, description="Art. 60: decision within 90 days of filing"
    )
    decision_extension_days_max: int = Field(
        30, ge=1, le=365, description="the longest single extension the supervisor may approve"
    )
    simplified_fine_person: float = Field(
        200, ge=0, le=1e9, description="Art. 51: person ≤ 200 yuan"
    )
    simplified_fine_organisation: float = Field(
        3000, ge=0, le=1e9, description="Art. 51: ≤ 3,000 yuan"
    )
    hearing_fine_person: float = Field(
        10000,
        ge=0,
        le=1e9,
        description="Art. 63: 'large fine' for a person (provincial thresholds)",
    )
    hearing_fine_organisation: float = Field(100000, ge=0, le=1e9)
    hearing_request_days: int = Field(5, ge=1, le=60, description="Art. 64: request within 5 days")
    limitation_years: int = Field(2, ge=1, le=20, description="Art. 36: 2 years from the act")
    limitation_years_safety: int = Field(
        5, ge=1, le=20, description="Art. 36: 5 years (life, health, financial safety with harm)"
    )
    service_days: int = Field(7, ge=0, le=60, description="Art. 61: served within 7 days")
    payment_days: int = Field(15, ge=1, le=60, description="Art. 67: fine paid within 15 days")
    surcharge_rate_per_day: float = Field(0.03, ge=0, le=1, description="Art. 72: 3 % a day")
    future_skew_minutes: int = Field(
        10, ge=0, le=1440, description="an act may not be dated in the future"
    )
    date_horizon_days: int = Field(
        366,
        ge=0,
        le=3660,
        description="act, hearing and payment dates at most this many days after today (E-DATE-RANGE)",
    )


DEFAULT_POLICY = Policy()
