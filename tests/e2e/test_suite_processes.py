"""The harness: four real service processes, a real broker, the catalog reaching every service."""

import signal

from grassroots.dev.demo_catalog import demo_catalog

COUNTY = "990101000000"


def test_catalog_published_once_reaches_every_consumer(grassroots_suite, event_recorder):
    suite = grassroots_suite
    with suite.client("task-admission", "catalog_admin", COUNTY) as admin:
        assert admin.post("/v1/catalog/versions", json=demo_catalog()).status_code == 201
    event_recorder.wait_for(lambda r: len(r.of_type("catalog.published.v1")) == 1)
    for name in ("grid", "enforcement", "evaluation"):
        with suite.client(name, "auditor", COUNTY) as client:
            assert client.get("/v1/me").status_code == 200
            assert client.get("/readyz").json()["status"] == "ready"


def test_a_killed_service_restarts_and_is_ready_again(grassroots_suite):
    suite = grassroots_suite
    suite.kill_service("grid", signal.SIGKILL)
    suite.start_service("grid")
    suite.wait_ready(["grid"])
    with suite.client("grid") as client:
        assert client.get("/v1/me").status_code == 401
