"""The case table as data: well formed, and random walks of both procedures stay on it."""

from hypothesis import given
from hypothesis import strategies as st

from grassroots.common.refusals import Refusal, status_of
from grassroots.enforcement.cases import rules
from grassroots.enforcement.cases.commands import STEPS
from grassroots.enforcement.cases.rules import CASE
from grassroots.enforcement.main import spec
from grassroots.testkit.lifecycles import check_table, walk, walks

COMMANDS = ("file", "investigate", "notify", "hearing", "decide", "serve", "execute", "close")
COMMANDS += ("transfer", "extend")


def pure_step(procedure: str):
    """The rules' step under one procedure: the next state, no events beyond the table's."""
    return lambda state, action: (rules.next_state(state, action, procedure), ())


def test_the_case_table_is_well_formed_and_published():
    check_table(CASE)
    assert set(CASE.states) == set(rules.STATES)
    assert set(rules.FINAL_STATES) <= set(CASE.states)
    assert set(CASE.actions) == set(STEPS)  # every action has its step, every step an action
    assert CASE in spec().lifecycles


@given(walks(CASE), st.sampled_from(rules.PROCEDURES))
def test_random_walks_stay_on_the_case_table(actions, procedure):
    states = walk(CASE, actions, step=pure_step(procedure))
    assert states[0] == "discovered"
    if procedure == "general" and "decided" in states:  # Art. 44: notice before a decision
        assert "notified" in states[: states.index("decided")]


@given(
    st.lists(st.sampled_from(COMMANDS), max_size=30),
    st.sampled_from(rules.PROCEDURES),
    st.sampled_from(("filing", "decision")),
)
def test_random_commands_take_an_edge_of_the_table_or_conflict(commands, procedure, limit):
    state = "discovered"
    for command in commands:
        try:
            action = rules.action_of(command, state, procedure, limit)
            target = rules.next_state(state, action, procedure)
        except Refusal as refusal:
            assert status_of(refusal.code) == 409, refusal.code
            continue
        assert CASE.edge(state, action, target).target == target
        assert rules.command_of(action, target) == command
        state = target
    assert state in CASE.states


def test_the_simplified_procedure_decides_on_the_spot_and_only_there():
    assert rules.next_state("discovered", rules.ON_THE_SPOT, "simplified") == "decided"
    assert walk(CASE, ["file", rules.ON_THE_SPOT], step=pure_step("simplified"))[-1] == "decided"
    assert walk(CASE, ["file", rules.ON_THE_SPOT], step=pure_step("general"))[-1] == "filed"
    assert walk(CASE, ["file", "extend-decision"], step=pure_step("simplified"))[-1] == "filed"
