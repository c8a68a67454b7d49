"""`grassroots-serve SERVICE` and `grassroots-migrate SERVICE` (service also from GRASSROOTS_SERVICE)."""

from __future__ import annotations

import argparse
import os

import uvicorn

from grassroots.common.app import collector
from grassroots.common.db.migrations import upgrade
from grassroots.common.db.roles import grant_app_role_sync, role_of
from grassroots.common.services import SERVICE_NAMES, service


def _service_arg(description: str, argv: list[str] | None) -> str:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "service", nargs="?", default=os.environ.get("GRASSROOTS_SERVICE"), choices=SERVICE_NAMES
    )
    args = parser.parse_args(argv)
    if not args.service:
        parser.error("name a service or set GRASSROOTS_SERVICE")
    return str(args.service)


KEEP_ALIVE_SECONDS = 75


def serve(argv: list[str] | None = None) -> None:
    """Runs one service's HTTP server on its configured port."""
    entry = service(_service_arg("Run a Grassroots service.", argv))
    settings = entry.spec().settings
    collector.for_serving(settings.gc_threshold)
    uvicorn.run(
        entry.app_target,
        factory=True,
        host=os.environ.get("GRASSROOTS_HOST", "0.0.0.0"),
        port=settings.port,
        log_config=None,
        access_log=False,
        proxy_headers=True,
        # Longer than the idle timeout of callers' pools and load balancers (httpx 5 s, ALB 60 s):
        # otherwise the server may close a kept-alive connection just as a request is sent on it.
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
    )


def migrate(argv: list[str] | None = None) -> None:
    """Runs one service's Alembic migrations to head, as the owner when
    `<PREFIX>MIGRATION_DATABASE_URL` is set, then grants the app role of `<PREFIX>DATABASE_URL`."""
    spec = service(_service_arg("Migrate a Grassroots service's database.", argv)).spec()
    settings = spec.settings
    owner_url = settings.migration_database_url or settings.database_url
    upgrade(spec.migrations, owner_url)
    app_role = role_of(settings.database_url)
    if settings.migration_database_url and app_role and app_role != role_of(owner_url):
        grant_app_role_sync(owner_url, app_role, append_only=spec.append_only)
