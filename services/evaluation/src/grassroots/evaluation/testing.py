"""Test support for evaluation: the demo county, recorded envelopes, direct delivery, tokens."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from grassroots.common import catalog_versions
from grassroots.common.catalog.demo import demo_catalog
from grassroots.common.events.base import EventPayload
from grassroots.common.events.envelope import Envelope
from grassroots.common.messaging import inbox
from grassroots.common.testing.apps import auth
from grassroots.evaluation.main import handlers

COUNTY = "990101000000"
TWP_A, TWP_B, TWP_C = "990101101000", "990101102000", "990101103000"
DEPT_A, DEPT_B = "11990101MB00000006", "11990101MB00000193"
# enforcement's built-in dev signing seed (grassroots.enforcement.settings.DEV_LOG_SEED): tests
# sign checkpoints with it; the witness trusts its public half by default (DEV_LOG_PUBLIC_KEY)
DEV_LOG_SEED = "gh6kY7eY9BnZaCkTSZGkF/CujIeKNnoiDAaGSWOinC4="


async def store_catalog(app: Any) -> None:
    document = demo_catalog()
    async with app.state.database.transaction() as session:
        await catalog_versions.store(
            session, COUNTY, document["version"], datetime(2026, 1, 1).date(), document
        )


def envelope(payload: EventPayload, at: datetime | None = None) -> Envelope:
    """A recorded envelope of a registered type, as the producing service would publish it."""
    service = {"grassroots.admission.v1": "task-admission", "grassroots.grid.v1": "grid"}.get(
        payload.topic, "enforcement"
    )
    return Envelope.wrap(payload, service, time=at or datetime(2026, 6, 15, 4, tzinfo=UTC))


async def deliver(app: Any, env: Envelope) -> bool:
    """Applies an envelope as the live consumer does (inbox claim + handler, one transaction)."""
    by_type = {cls.ce_type(): h for cls, h in handlers(app.state.settings).items()}
    async with app.state.database.transaction() as session:
        if not await inbox.claim(session, "evaluation", env, 0, 0):
            return False
        await by_type[env.type](session, env.payload(), env)
    return True


def token(app: Any, role: str, org: str = COUNTY, county: str | None = COUNTY) -> dict[str, str]:
    return auth(app.state.settings, role, org=org, county=county)
