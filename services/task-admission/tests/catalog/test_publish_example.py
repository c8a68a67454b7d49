"""The OpenAPI example of a publication is written out in the service (production installs no
demo data); it stays a valid excerpt of the demo county's catalog."""

from grassroots.common.catalog import find_problems
from grassroots.dev.demo_catalog import demo_catalog
from grassroots.task_admission.catalog.example import PUBLISH_EXAMPLE

LOW_INCOME = "F-007"  # 农村低保对象季度核查表, with the canonical fields it asks


def test_the_publish_example_is_the_demo_county_in_small() -> None:
    demo = demo_catalog()
    form = next(f for f in demo["approved_forms"] if f["code"] == LOW_INCOME)
    owner = next(u for u in demo["org_units"] if u["code"] == form["owner_department"])
    asked = set(form["field_map"].values())
    small = {
        **demo,
        "org_units": [*demo["org_units"][:3], owner],
        "duty_items": demo["duty_items"][:2],
        "enforcement_items": [],
        "approved_forms": [form],
        "field_definitions": [d for d in demo["field_definitions"] if d["code"] in asked],
    }
    assert small == PUBLISH_EXAMPLE
    assert find_problems(PUBLISH_EXAMPLE) == []
