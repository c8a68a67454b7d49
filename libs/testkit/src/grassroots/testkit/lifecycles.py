"""Property checks every lifecycle table gets: well formed, and random walks stay on the table.

@given(walks(DEMAND))
def test_demand_walks_stay_on_the_table(actions):
    walk(DEMAND, actions, step=my_pure_step)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from hypothesis import strategies as st

from grassroots.common.events.base import EVENT_TYPES
from grassroots.common.lifecycle import Lifecycle
from grassroots.common.refusals import Refusal, status_of

# (state, action) -> (the state it leads to, the event types it emits); may raise Refusal
PureStep = Callable[[str, str], tuple[str, Iterable[str]]]


def check_table(lifecycle: Lifecycle) -> None:
    """Every state is reachable from an initial one, every event is a registered type, the
    conflict code is a 409, and final states are states of the table."""
    reached, frontier = set(lifecycle.initial), list(lifecycle.initial)
    while frontier:
        state = frontier.pop()
        for edge in lifecycle.table:
            if edge.source == state and edge.target not in reached:
                reached.add(edge.target)
                frontier.append(edge.target)
    assert reached == set(lifecycle.states), set(lifecycle.states) - reached
    known = {t.rsplit(".v", 1)[0] for t in EVENT_TYPES}
    for edge in lifecycle.table:
        assert set(edge.events) <= known, (edge, set(edge.events) - known)
    assert set(lifecycle.final) <= set(lifecycle.states)
    assert status_of(lifecycle.conflict) == 409


def walks(lifecycle: Lifecycle, max_size: int = 30) -> st.SearchStrategy[list[str]]:
    """Random sequences of the table's actions (and one it does not know)."""
    return st.lists(st.sampled_from([*lifecycle.actions, "no-such-action"]), max_size=max_size)


def walk(
    lifecycle: Lifecycle,
    actions: Sequence[str],
    *,
    step: PureStep | None = None,
    start: str | None = None,
) -> list[str]:
    """Applies `actions` from `start`: each applies along an edge of the table (never to an
    unlisted state, never emitting an event the edge does not name) or is refused with a
    `Refusal`; a refusal by the table itself is its conflict code. Returns the states passed."""
    state = start or lifecycle.initial[0]
    states = [state]
    for action in actions:
        allowed = lifecycle.allows(state, action)
        try:
            target, events = step(state, action) if step else (lifecycle.next(state, action), ())
        except Refusal as refusal:
            if not allowed:
                assert refusal.code == lifecycle.conflict, (state, action, refusal.code)
            continue
        assert allowed, f"{lifecycle.name}: {action} applied from {state}, which the table forbids"
        edge = lifecycle.edge(state, action, target)
        assert set(events) <= set(edge.events), (state, action, set(events) - set(edge.events))
        state = target
        states.append(state)
    return states
