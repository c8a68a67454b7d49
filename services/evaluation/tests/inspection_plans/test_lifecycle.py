"""The inspection plan table: well formed; random decisions stay on it (pure rules driven)."""

from datetime import UTC, date, datetime

from hypothesis import given
from hypothesis import strategies as st

from grassroots.evaluation.inspection_plans import rules
from grassroots.evaluation.inspection_plans.models import InspectionPlanRow
from grassroots.testkit.lifecycles import check_table, walk, walks

PLAN_ROW = InspectionPlanRow(
    id="ip_1",
    county="990101000000",
    department="11990101MB00000006",
    title="森林防火专项督查",
    kind="inspection",
    townships=["990101101000"],
    window_start=date(2026, 3, 1),
    window_end=date(2026, 3, 31),
    year=2026,
    status="registered",
    registered_at=datetime(2026, 2, 1, tzinfo=UTC),
)


def test_the_plan_table_is_well_formed():
    check_table(rules.PLAN)


def _step(reason: str | None):
    """The engine's order: the table first, then the decision's own rule and its event."""

    def step(state: str, action: str) -> tuple[str, list[str]]:
        edge = rules.PLAN.edge(state, action)
        if action == "refuse":
            rules.check_refusal(reason)
            return edge.target, []
        return edge.target, [rules.approval(PLAN_ROW).event_type]

    return step


@given(walks(rules.PLAN), st.one_of(st.none(), st.just(""), st.text(min_size=1, max_size=5)))
def test_random_decisions_stay_on_the_table(actions, reason):
    states = walk(rules.PLAN, actions, step=_step(reason))
    assert len(states) <= 2  # decided at most once
    if not reason:
        assert "refused" not in states
