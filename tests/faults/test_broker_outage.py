"""Faults across real processes: the broker stopped for 20 s while the services take writes."""

import time

from grassroots.dev.demo_catalog import demo_catalog

COUNTY = "990101000000"


def test_writes_during_a_broker_outage_are_published_afterwards(grassroots_suite, event_recorder):
    suite = grassroots_suite
    assert suite.broker is not None
    suite.broker.pause()
    try:
        with suite.client("task-admission", "catalog_admin", COUNTY) as admin:
            for n in range(1, 4):
                version = demo_catalog(version=f"2026.{n}", effective_from=f"2026-0{n}-01")
                assert admin.post("/v1/catalog/versions", json=version).status_code == 201
        deadline = time.monotonic() + 20
        degraded = False
        while time.monotonic() < deadline:
            with suite.client("task-admission") as client:
                degraded = degraded or client.get("/readyz").json()["status"] == "degraded"
            time.sleep(1)
        assert degraded, "readiness never reported the broker outage"
    finally:
        suite.broker.resume()
    event_recorder.wait_for(
        lambda r: (
            {e.data["version"] for e in r.of_type("catalog.published.v1")}
            == {"2026.1", "2026.2", "2026.3"}
        ),
        within=90,
    )
    published = [e.data["version"] for e in event_recorder.of_type("catalog.published.v1")]
    # Sends that timed out may still have landed (duplicates are real), but never out of order.
    assert published == sorted(published)
    suite.wait_ready(within=60)
    for name in ("grid", "enforcement", "evaluation"):  # each applied every event exactly once

        def applied(name: str = name) -> int:
            query = "SELECT count(*) FROM inbox WHERE ce_type = 'catalog.published.v1'"
            return int(suite.query(name, query)[0][0])  # type: ignore[arg-type]

        deadline = time.monotonic() + 60
        while applied() < 3 and time.monotonic() < deadline:
            time.sleep(0.5)
        assert applied() == 3, name
