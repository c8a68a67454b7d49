"""What a reviewer may re-map a demand to (the re-map teaches matching an example)."""

from __future__ import annotations

from grassroots.common.catalog.models import DutyItem
from grassroots.common.refusals import Refusal
from grassroots.task_admission.codes import REMAP_FORBIDDEN, REMAP_LEVEL, REMAP_UNKNOWN

FORBIDDEN = ("withdrawn", "negative")


def check_remap(verdict: str, item: DutyItem | None, code: str, level: str) -> DutyItem:
    """The item a reviewer names must be in the demand's catalog version and at its level; a
    withdrawn or negative item may be named to return or reject, never to approve."""
    if item is None:
        raise Refusal(REMAP_UNKNOWN, None, code)
    if item.level != level:
        raise Refusal(REMAP_LEVEL, None, f"{code} 属于{item.level},派发对象为{level}")
    if verdict == "approve" and item.list in FORBIDDEN:
        raise Refusal(REMAP_FORBIDDEN, None, f"「{item.title}」({code})")
    return item
