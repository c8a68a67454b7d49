"""Every scheme guard fires with its code (pure)."""

import pytest

from grassroots.common.refusals import Refusal
from grassroots.evaluation.schemes.rules import SCHEME, check_changed, check_indicators
from grassroots.evaluation.schemes.schemas import IndicatorIn

TWP = "department_rates_township"
DEPT = "township_rates_department"
BASIC = {"T-B-001", "T-B-002"}


def ind(code, weight, source="rating", metric=None, duty=("T-B-001",), **kw):
    return IndicatorIn(
        code=code,
        name=code,
        weight=weight,
        source=source,
        metric=metric,
        duty_item_codes=list(duty),
        **kw,
    )


def codes(indicators, direction=TWP, cap=10, previous=None, basic=BASIC):
    return [
        v.code
        for v in check_indicators(
            indicators, direction=direction, cap=cap, previous_count=previous, basic_items=basic
        )
    ]


def test_a_good_scheme_passes():
    assert codes([ind("a", 60, "metric", "twp.response_rate"), ind("b", 40)]) == []
    assert codes([ind("a", 100, "metric", "dept.whistle_on_time", duty=())], direction=DEPT) == []


def test_weights_must_sum_to_100():
    assert codes([ind("a", 60), ind("b", 30)]) == ["E-SCHEME-WEIGHTS"]


def test_indicator_cap():
    assert codes([ind(f"i{n}", 25) for n in range(4)], cap=3) == ["E-SCHEME-INDICATOR-CAP"]


def test_only_decrease_against_last_year():
    assert codes([ind("a", 50), ind("b", 50)], previous=1) == ["E-SCHEME-MORE-THAN-LAST-YEAR"]
    assert codes([ind("a", 50), ind("b", 50)], previous=2) == []


def test_township_indicators_only_on_basic_duties():
    assert codes([ind("a", 100, duty=("T-A-001",))]) == ["E-SCHEME-OUT-OF-DUTY"]
    assert codes([ind("a", 100, duty=())]) == ["E-SCHEME-OUT-OF-DUTY"]
    assert codes([ind("a", 100)], basic=None) == ["E-SCHEME-NO-CATALOG"]


def test_sources_and_duplicates():
    assert codes([ind("a", 100, "metric", "nope")]) == ["E-SCHEME-SOURCE"]
    assert codes([ind("a", 100, "metric", "dept.whistle_on_time")]) == ["E-SCHEME-SOURCE"]
    assert codes([ind("a", 100, "rating", "twp.response_rate")]) == ["E-SCHEME-SOURCE"]
    assert codes([ind("a", 100, "metric", "dept.funding_yuan")], direction=DEPT) == [
        "E-SCHEME-SOURCE"
    ]
    # a mean (fields typed by hand per filling) is no share: only against the best department
    assert codes([ind("a", 100, "metric", "dept.form_fields_typed")], direction=DEPT) == [
        "E-SCHEME-SOURCE"
    ]
    assert codes([ind("a", 50), ind("a", 50)]) == ["E-SCHEME-DUPLICATE-INDICATOR"]


def test_frozen_is_final_and_refuses_a_replace():
    assert SCHEME.next("open", "freeze") == "frozen"
    assert SCHEME.next("open", "replace") == "open"
    with pytest.raises(Refusal) as caught:
        SCHEME.edge("frozen", "replace")
    assert caught.value.code == "E-SCHEME-FROZEN"


def test_a_replace_that_changes_nothing_is_refused():
    same = [ind("a", 100).model_dump(mode="json")]
    with pytest.raises(Refusal) as caught:
        check_changed(same, [dict(i) for i in same])
    assert caught.value.code == "E-SCHEME-UNCHANGED"
    check_changed(same, [ind("a", 100, duty=("T-B-002",)).model_dump(mode="json")])
