"""The period table: well formed; a random walk closes at most once and announces only what the
table names (the closing events built by the pure rule from pure scoring)."""

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from grassroots.evaluation.periods import rules
from grassroots.testkit.lifecycles import check_table, walk, walks

D2T = "department_rates_township"
INDICATOR = {"code": "work", "name": "部门评价", "weight": 100, "source": "rating"}


def test_the_period_table_is_well_formed():
    check_table(rules.PERIOD)


@given(
    walks(rules.PERIOD),
    st.dictionaries(
        st.sampled_from(["990101101000", "990101102000", "990101103000"]),
        st.floats(min_value=0, max_value=100),
        max_size=3,
    ),
)
def test_random_closes_stay_on_the_table(actions, scores):
    closes: list[list[str]] = []

    def step(state: str, action: str) -> tuple[str, list[str]]:
        edge = rules.PERIOD.edge(state, action)
        results = rules.score_period(
            orgs=sorted(scores),
            indicators=[INDICATOR],
            metrics={},
            ratings={(org, "work"): [score] for org, score in scores.items()},
            thresholds={"优秀": 90},
            lowest_grade="较差",
        )
        at = datetime(2027, 1, 5, tzinfo=UTC)
        events = rules.announcements(
            county="990101000000", year=2026, direction=D2T, at=at, results=results
        )
        closes.append([e.event_type for e in events])
        return edge.target, closes[-1]

    walk(rules.PERIOD, actions, step=step)
    assert len(closes) <= 1
    if closes:
        assert closes[0] == ["period.closed"] + ["result.published"] * len(scores)
