"""Each service migrates its own database and starts on the factory with its consumer and relay."""

import pytest
from sqlalchemy import inspect

from grassroots.common.services import SERVICE_NAMES, service
from grassroots.testkit.apps import auth, running_app, settings_for


@pytest.mark.parametrize("name", SERVICE_NAMES)
async def test_service_starts_ready_and_authenticates(name, database_url, kafka_broker):
    spec = service(name).spec()
    spec.settings = settings_for(type(spec.settings), database_url, kafka_broker.bootstrap)
    async with running_app(spec) as (app, client):
        async with app.state.database.engine.connect() as conn:
            tables = set(await conn.run_sync(lambda c: inspect(c).get_table_names()))
        assert {"outbox", "inbox", "idempotency_keys", "audit_log", "catalog_versions"} <= tables
        assert (await client.get("/v1/me")).status_code == 401
        headers = auth(app.state.settings, "auditor", org="990101000000")
        assert (await client.get("/v1/me", headers=headers)).status_code == 200
        from grassroots.testkit.apps import eventually

        async def ready() -> bool:
            return (await client.get("/readyz")).json()["status"] == "ready"

        await eventually(ready, within=30)
