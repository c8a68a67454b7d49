"""The grid event table as data: well formed, and random walks of the pure rules stay on it."""

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from grassroots.grid.events.rules import (
    GRID_EVENT,
    check_extension,
    check_reassignment,
    check_transition,
)
from grassroots.testkit.lifecycles import check_table, walk, walks

E = "grid.event."
# what each step of events/steps.py (and the referral consumers) announces, read off the code
EMITS = {
    "accept": [E + "accepted"],
    "assign": [E + "assigned"],
    "refer": [E + "assigned", E + "referred"],
    "handle": [E + "handled"],
    "verify": [E + "verified"],
    "close": [E + "closed"],
    "extend": [],
}
DUE = datetime(2026, 11, 23, 9, tzinfo=UTC)


def test_the_grid_event_table_is_well_formed():
    check_table(GRID_EVENT)
    assert set(GRID_EVENT.states) == {
        "reported",
        "accepted",
        "assigned",
        "handled",
        "verified",
        "closed",
    }
    assert GRID_EVENT.final == ("closed",)


@given(walks(GRID_EVENT), st.data())
def test_random_walks_of_the_pure_rules_stay_on_the_table(actions, data):
    """Each step draws what the request would carry: a verification's verdict, a referral or
    the same assignee again, an extension's length."""

    def step(state: str, action: str) -> tuple[str, list[str]]:
        target = check_transition(state, action, passed=data.draw(st.booleans(), "passed"))
        events = EMITS.get(action, [])
        if action == "assign":
            if state == "assigned" and data.draw(st.booleans(), "same assignee"):
                check_reassignment(("grid_worker", "li"), ("grid_worker", "li"))
            if data.draw(st.booleans(), "referral"):
                events = EMITS["refer"]
        if action == "extend":
            days = data.draw(st.integers(1, 20), "working days")
            check_extension(state, days, DUE + timedelta(days=3), DUE + timedelta(days=days))
        return target, events

    states = walk(GRID_EVENT, actions, step=step)
    assert "closed" not in states[:-1]  # nothing leaves the final state
