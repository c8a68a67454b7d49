"""The whistle and call tables as data: well formed, and walks of the pure rules stay on them."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from grassroots.common.refusals import Refusal, status_of
from grassroots.grid.whistles.rules import WHISTLE, WHISTLE_CALL, check_answer, closes
from grassroots.testkit.lifecycles import check_table, walk, walks


def test_the_whistle_tables_are_well_formed():
    check_table(WHISTLE)
    check_table(WHISTLE_CALL)
    assert status_of("E-WHISTLE-ANSWERED") == 409


def _answer(state: str, action: str) -> tuple[str, list[str]]:
    if action == "answer":
        return check_answer(state), ["whistle.answered"]
    return WHISTLE_CALL.next(state, action), []


@given(walks(WHISTLE_CALL))
def test_a_call_is_answered_once(actions):
    states = walk(WHISTLE_CALL, actions, step=_answer)
    assert states == ["called", "answered"][: len(states)]
    assert len(states) == (2 if "answer" in actions else 1)


@given(st.lists(st.integers(0, 3), max_size=10))
def test_a_whistle_closes_once_when_no_call_is_left(unanswered_after_each_answer):
    """Each answer leaves some calls unanswered; the whistle closes on the first that leaves
    none, through the table's one edge, and never again."""
    state, closings = "open", 0
    for unanswered in unanswered_after_each_answer:
        if closes(state, unanswered):
            state, closings = WHISTLE.next(state, "close"), closings + 1
    assert closings == (1 if 0 in unanswered_after_each_answer else 0)
    assert state == ("closed" if closings else "open")


@given(walks(WHISTLE))
def test_random_walks_stay_on_the_whistle_table(actions):
    walk(WHISTLE, actions)


def test_a_second_answer_is_refused_with_the_calls_conflict():
    with pytest.raises(Refusal) as caught:
        check_answer("answered")
    assert caught.value.code == WHISTLE_CALL.conflict
