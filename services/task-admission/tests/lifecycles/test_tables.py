"""The lifecycle tables of task-admission: well formed, what the API says, and random walks of
the domain's pure rules never leave them nor announce an event they do not name."""

from inspect import signature
from typing import get_args

from hypothesis import given
from hypothesis import strategies as st

from grassroots.common.refusals import Refusal, status_of
from grassroots.task_admission.complaints.router import list_complaints
from grassroots.task_admission.complaints.rules import COMPLAINT, ruling
from grassroots.task_admission.demands import rules
from grassroots.task_admission.demands.rules import ASSIGNMENT, DEMAND
from grassroots.task_admission.demands.schemas import ReviewCreate, Status
from grassroots.testkit.lifecycles import check_table, walk, walks

OUTCOMES = ("admitted", "needs_review", "returned", "rejected")
REASONS = st.sampled_from([None, "", "  ", "与减负要求不符"])


def test_the_tables_are_well_formed():
    for table in (DEMAND, ASSIGNMENT, COMPLAINT):
        check_table(table)


def test_the_tables_are_the_states_the_api_names():
    assert set(get_args(Status)) == set(DEMAND.states)
    assert set(DEMAND.initial) == set(OUTCOMES)  # a new demand is in the state its check decides
    verdicts = get_args(ReviewCreate.model_fields["action"].annotation)
    assert {f"review_{v}" for v in verdicts} <= set(DEMAND.actions)
    status_filter = signature(list_complaints, eval_str=True).parameters["status"].annotation
    assert set(get_args(get_args(status_filter)[0])) == set(COMPLAINT.states)


def _demand_step(data):
    """The demand's pure rules, in the order the service applies them, on drawn facts."""

    def step(state, action):
        DEMAND.edge(state, action)  # the engine checks the table before the step runs
        if action.startswith("review_"):
            target = rules.check_review(action.removeprefix("review_"), data.draw(REASONS))
            return target, rules.announced(target)
        if action == "resubmit":
            rules.check_resubmission(unchanged=data.draw(st.booleans()))
            outcome = data.draw(st.sampled_from(OUTCOMES))
            return outcome, ("demand.submitted", *rules.announced(outcome))
        if action == "withdraw":
            rules.check_withdrawal(started=data.draw(st.booleans()))
            return "withdrawn", ("demand.withdrawn",)
        if action == "dispatch":
            villages = data.draw(st.lists(st.sampled_from(["v1", "v2", "x9"]), max_size=3))
            rules.check_dispatch(
                level=data.draw(st.sampled_from(["township", "village"])),
                foreign=[v for v in villages if v == "x9"],
                fresh=[v for v in villages if v != "v1"],
            )
            return "dispatched", ("demand.dispatched",)
        assert action == "complete", action
        return "completed", ()

    return step


@given(walks(DEMAND), st.sampled_from(OUTCOMES), st.data())
def test_demand_walks_stay_on_the_table(actions, start, data):
    states = walk(DEMAND, actions, step=_demand_step(data), start=start)
    assert states[0] == start


def _assignment_step(state, action):
    ASSIGNMENT.edge(state, action)
    events = {"receive": ("demand.received",), "complete": ("demand.completed",)}
    return ASSIGNMENT.next(state, action), events.get(action, ())


@given(walks(ASSIGNMENT))
def test_assignment_walks_stay_on_the_table(actions):
    states = walk(ASSIGNMENT, actions, step=_assignment_step)
    assert states.count("completed") <= 1 and states.count("received") <= 1


@given(walks(COMPLAINT), st.data())
def test_complaint_walks_stay_on_the_table(actions, data):
    def step(state, action):
        COMPLAINT.edge(state, action)
        return ruling(upheld=data.draw(st.booleans()), reason=data.draw(REASONS)), (
            "complaint.ruled",
        )

    assert len(walk(COMPLAINT, actions, step=step)) <= 2  # ruled once at most


def test_guards_refuse_with_their_codes():
    cases = [
        (lambda: rules.check_review("return", " "), "E-REASON-REQUIRED", 422),
        (lambda: rules.check_resubmission(unchanged=True), "E-DEMAND-STATE", 409),
        (lambda: rules.check_withdrawal(started=True), "E-DEMAND-STATE", 409),
        (lambda: rules.check_in_progress("withdrawn"), "E-DEMAND-STATE", 409),
        (
            lambda: rules.check_dispatch(level="township", foreign=["x"], fresh=["x"]),
            "E-VILLAGE-NOT-OURS",
            422,
        ),
        (
            lambda: rules.check_dispatch(level="township", foreign=[], fresh=[]),
            "E-DEMAND-STATE",
            409,
        ),
        (lambda: ruling(upheld=False, reason=None), "E-REASON-REQUIRED", 422),
    ]
    for call, code, status in cases:
        try:
            call()
        except Refusal as refusal:
            assert (refusal.code, status_of(refusal.code)) == (code, status)
            assert refusal.message
        else:
            raise AssertionError(f"{code} not refused")
    assert rules.check_review("approve", None) == "admitted"
    assert ruling(upheld=True, reason=None) == "upheld"
