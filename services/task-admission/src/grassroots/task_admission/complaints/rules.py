"""A complaint's lifecycle: filed, then ruled once (upheld or dismissed) by a county reviewer."""

from __future__ import annotations

from grassroots.common.lifecycle import Lifecycle, edges
from grassroots.common.refusals import Refusal
from grassroots.task_admission.codes import COMPLAINT_STATE, REASON_REQUIRED

REVIEWER = ("admission_reviewer",)

COMPLAINT = Lifecycle(
    name="complaint",
    title="投诉",
    initial=("filed",),
    table=(
        *edges("filed", "rule", "upheld", roles=REVIEWER, events=["complaint.ruled"]),
        *edges("filed", "rule", "dismissed", roles=REVIEWER, events=["complaint.ruled"]),
    ),
    conflict=COMPLAINT_STATE,
    final=("upheld", "dismissed"),
)


def ruling(*, upheld: bool, reason: str | None) -> str:
    """The state a ruling leads to; dismissing a complaint needs a reason."""
    if not upheld and not (reason and reason.strip()):
        raise Refusal(REASON_REQUIRED, "驳回投诉须说明理由")
    return "upheld" if upheld else "dismissed"
