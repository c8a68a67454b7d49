"""Money in fen, by the suite's one rule (`grassroots.common.money`), with this service's ceiling."""

from decimal import Decimal
from typing import Annotated

from pydantic import Field

from grassroots.common.money import (
    AS_NUMBER,
    number_schema,
    policy_fen,
    show,
    to_fen,
    to_yuan,
)

MAX_YUAN = 10**9
Yuan = Annotated[
    Decimal, Field(ge=0, le=MAX_YUAN, allow_inf_nan=False), AS_NUMBER, number_schema(MAX_YUAN)
]

__all__ = ["MAX_YUAN", "Yuan", "policy_fen", "show", "to_fen", "to_yuan"]
