"""If-Match against a resource's version: the one rule every service uses."""

import pytest

from grassroots.common.concurrency import check_if_match, etag
from grassroots.common.problems import ProblemError


@pytest.mark.parametrize("if_match", [None, "*", '"3"', 'W/"3"', '"2", "3"', "3"])
def test_matching_tags_pass(if_match):
    check_if_match(if_match, 3, "事件")


@pytest.mark.parametrize("if_match", ['"2"', 'W/"4"', "", "abc", '"30"'])
def test_another_version_is_412_precondition(if_match):
    with pytest.raises(ProblemError) as refused:
        check_if_match(if_match, 3, "事件")
    assert refused.value.status == 412 and refused.value.code == "E-PRECONDITION"
    assert refused.value.detail == "当前版本 3"


def test_the_etag_is_the_quoted_version():
    assert etag(7) == '"7"'
