"""The OpenAPI example of a publication is written out in the service (production installs no
demo data); it stays a valid excerpt of the demo county's catalog."""

from grassroots.common.catalog import find_problems
from grassroots.dev.demo_catalog import demo_catalog
from grassroots.task_admission.catalog.example import PUBLISH_EXAMPLE


def test_the_publish_example_is_the_demo_county_in_small() -> None:
    demo = demo_catalog()
    small = {
        **demo,
        "org_units": demo["org_units"][:3],
        "duty_items": demo["duty_items"][:2],
        "enforcement_items": [],
        "approved_forms": [],
    }
    assert small == PUBLISH_EXAMPLE
    assert find_problems(PUBLISH_EXAMPLE) == []
