"""Money in fen (分): amounts arrive as yuan with at most two decimals and are kept as integers.

The public JSON keeps yuan numbers (`5000`, `12.5`); the database and every comparison use
integer fen, so `0.1 + 0.2` is `30` fen exactly. More than two decimals is refused
(422 `E-AMOUNT-PRECISION`), never rounded away.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from pydantic import PlainSerializer, WithJsonSchema

from grassroots.common.codes import AMOUNT_PRECISION
from grassroots.common.refusals import Refusal


def _number(value: Decimal) -> float | int:
    return int(value) if value == value.to_integral_value() else float(value)


# A yuan amount as sent is `Annotated[Decimal, Field(ge=0, le=MAX, allow_inf_nan=False),
# AS_NUMBER, number_schema(MAX)]`: parsed exactly (Decimal from the JSON text), shown as a number.
AS_NUMBER = PlainSerializer(_number, return_type=float)


def number_schema(maximum: int) -> WithJsonSchema:
    return WithJsonSchema({"type": "number", "minimum": 0, "maximum": maximum, "multipleOf": 0.01})


def to_fen(amount: Decimal | int, path: str) -> int:
    """The amount in fen; E-AMOUNT-PRECISION when it has more than two decimals."""
    fen = Decimal(amount) * 100
    if fen != fen.to_integral_value():
        raise Refusal(AMOUNT_PRECISION, None, f"{path}: {amount}", path=path)
    return int(fen)


def to_yuan(fen: int | None) -> float | None:
    """Fen as the yuan number the API shows (exact for two decimals)."""
    return None if fen is None else fen / 100


def show(fen: int) -> str:
    """Fen as yuan text for a message: 50001 → '500.01', 100000 → '1000'."""
    return f"{Decimal(fen) / 100:f}"


def policy_fen(yuan: float | int) -> int:
    """A policy amount (yuan, as configured) in fen, to the nearest fen."""
    return int((Decimal(str(yuan)) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
