"""Pure rules of whistles (乡镇吹哨、部门报到): the summons and each department's call.

A whistle is open until every summoned department has answered, then closed. Each call is
answered once; a call past its limit is marked overdue (`overdue_at`, a marker, not a state:
see `repository.claim_overdue`) and may still be answered, late.
"""

from __future__ import annotations

from grassroots.common.lifecycle import Lifecycle, edges
from grassroots.common.refusals import Refusal
from grassroots.grid.codes import WHISTLE_ANSWERED, WHISTLE_STATE

WHISTLE = Lifecycle(
    name="whistle",
    title="吹哨",
    initial=("open",),
    table=(*edges("open", "close", "closed"),),  # by the last department's answer
    conflict=WHISTLE_STATE,
    final=("closed",),
)
WHISTLE_CALL = Lifecycle(
    name="whistle_call",
    title="部门报到",
    initial=("called",),
    table=(*edges("called", "answer", "answered", events=["whistle.answered"]),),
    conflict=WHISTLE_ANSWERED,
    final=("answered",),
)


def check_answer(status: str) -> str:
    """A call is answered once: the state it leads to, or 409 E-WHISTLE-ANSWERED."""
    if not WHISTLE_CALL.allows(status, "answer"):
        raise Refusal(WHISTLE_CALL.conflict, "本单位已报到,不能重复报到", status)
    return WHISTLE_CALL.next(status, "answer")


def closes(status: str, unanswered: int) -> bool:
    """Whether an answer leaves the whistle to close: it is open and no call is left."""
    return unanswered == 0 and WHISTLE.allows(status, "close")
