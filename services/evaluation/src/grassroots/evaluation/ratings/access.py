"""Who rates: a township's office, a department or a named group (the county's evaluator, when a
scheme names it) rates a unit of its own county; who rates whom in which direction is the
scheme's rule (`rules.check_rating`)."""

from __future__ import annotations

from grassroots.common.auth.access import Access, FromBody, Grant

RATE = Access(
    Grant(("township_admin", "dept_submitter", "evaluator"), "county"), target=FromBody("ratee")
)
