"""`make run` leaves a county where every printed token has work: the demo county seeded through
the APIs, then one journey per role (`grassroots-stack --journeys`) walked as the very principals
it prints — and a second run finds it all there and changes nothing."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from grassroots.common.services import SERVICE_NAMES
from grassroots.dev import stack as devstack
from grassroots.dev.demo_catalog import demo_catalog
from grassroots.dev.harness import Suite
from grassroots.testkit.databases import BACKENDS, suite_databases


@pytest.fixture(scope="module", params=BACKENDS)
def stack(request, tmp_path_factory) -> Iterator[tuple[Suite, str]]:
    """The suite as `make run` starts it: the demo Open311 key in grid's environment."""
    workdir = tmp_path_factory.mktemp("stack")
    key, keys = devstack.open311_key(workdir, "990101000000")
    with suite_databases(request.param, SERVICE_NAMES) as urls:
        suite = Suite(
            workdir=workdir, database_urls=urls, extra_env={"GRID_OPEN311_API_KEYS": keys}
        )
        try:
            suite.start()
            yield suite, key
        finally:
            suite.stop()


def test_every_printed_token_walks_its_journey(stack):
    suite, key = stack
    document = demo_catalog()
    admin = suite.token("catalog_admin", "990101000000")
    said = devstack.publish_and_seed(suite, document, admin)
    assert said[0].endswith("published") and "60 grids" in said[1], said
    walked = devstack.journeys(suite, document, key)
    assert [line.split(":")[0] for line in walked] == [
        "dept_submitter",
        "grid_worker gw-990101101001",
        "enforcement_supervisor",
        "evaluator",
        "open311 client",
    ]
    assert walked[0].endswith("completed") and walked[1].endswith("closed"), walked
    assert walked[2].endswith("closed"), walked
    worker = devstack.demo_subjects(document)["grid_worker"]
    token = suite.token("grid_worker", "990101101000", sub=worker)
    me = httpx.get(suite.urls["grid"] + "/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.json()["sub"] == worker

    again = devstack.publish_and_seed(suite, document, admin)
    assert "already there" in again[0] and "already there" in again[1], again


def test_journeys_attach_to_a_suite_already_running(stack, tmp_path):
    """`grassroots-stack --journeys` beside a running `make run` walks against it (answering),
    and a suite nobody started does not answer (the taken-port refusal stands)."""
    suite, _ = stack
    assert devstack.answering(suite)
    nobody = Suite(workdir=tmp_path, ports={name: 1 for name in SERVICE_NAMES})
    assert not devstack.answering(nobody)
