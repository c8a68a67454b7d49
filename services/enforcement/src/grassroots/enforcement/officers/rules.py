"""Pure rules of officers' certificates."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

from grassroots.common.refusals import Refusal
from grassroots.enforcement.codes import CERTIFICATE_DATES, ITEM_UNKNOWN


def check_validity(valid_from: date, valid_until: date) -> None:
    """A certificate ends after it begins (E-CERTIFICATE-DATES)."""
    if valid_until < valid_from:
        raise Refusal(CERTIFICATE_DATES, None, f"{valid_from} 至 {valid_until}")


def check_scope(scope: Sequence[str], known: Collection[str]) -> None:
    """Every item of a certificate's scope exists in the active catalog (E-ITEM-UNKNOWN)."""
    unknown = [code for code in scope if code not in known]
    if unknown:
        raise Refusal(ITEM_UNKNOWN, "执法证范围含现行清单中没有的执法事项", ", ".join(unknown))
