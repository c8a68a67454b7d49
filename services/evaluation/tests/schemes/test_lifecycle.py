"""The scheme table: well formed; random replaces and freezes stay on it (pure rules driven)."""

from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from grassroots.evaluation.schemes import rules
from grassroots.testkit.lifecycles import check_table, walk, walks

A = [{"code": "a", "weight": 100}]
B = [{"code": "b", "weight": 100}]


def test_the_scheme_table_is_well_formed():
    check_table(rules.SCHEME)


@given(walks(rules.SCHEME), st.lists(st.sampled_from([A, B]), min_size=30, max_size=30))
def test_random_replaces_stay_on_the_table(actions, proposals):
    current = [A]

    def step(state: str, action: str) -> tuple[str, list[str]]:
        edge = rules.SCHEME.edge(state, action)
        if action == "replace":
            proposal = proposals[len(current) % len(proposals)]
            rules.check_changed(current[-1], proposal)  # a repeat of the same is refused
            current.append(proposal)
        return edge.target, []

    states = walk(rules.SCHEME, actions, step=step)
    assert all(a != b for a, b in pairwise(current))
    assert states.count("frozen") <= 1
    if "frozen" in states:
        assert states[-1] == "frozen"  # nothing after the freeze
