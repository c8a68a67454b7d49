"""A county's admission policy as data (every default documented) and a registered inspection
plan as the admission rules need it: plain values, no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal


@dataclass(frozen=True)
class AdmissionPolicy:
    """A county's admission policy; the defaults apply until the county sets its own."""

    review_mode: Literal["all", "exceptions"] = "exceptions"
    # 5 working days: a week's notice, the floor most county 减负 rules set for routine tasks.
    min_deadline_working_days: int = 5
    # a clarity shorter than this (characters, punctuation removed) says nothing concrete
    min_clarity_chars: int = 6
    # a text match counts only at or above this score (0–1)
    match_min_score: float = 0.35
    # a named item scoring within this of a forbidden top match is given the benefit of the doubt
    disguise_margin: float = 0.05
    # the policy horizon: a deadline further ahead is a typing error, refused before any count
    # (3 years covers a 三年行动 plan; working days are then counted over at most ~1,100 days)
    max_deadline_years: int = 3


@dataclass(frozen=True)
class PlanView:
    """A registered inspection plan, as the inspection rule needs it."""

    plan_id: str
    department: str
    townships: tuple[str, ...]
    window_start: date
    window_end: date
