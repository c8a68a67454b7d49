"""Test data factories for enforcement: constants, tokens, officers, cases."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from grassroots.common import catalog_versions
from grassroots.common.clock import china_date
from grassroots.common.events.grid import GridEventReferred
from grassroots.dev.demo_catalog import demo_catalog
from grassroots.testkit.apps import auth

COUNTY = "990101000000"
TOWNSHIP = "990101101000"  # 青山镇: ZF-001 delegated, ZF-006 (river) not
OTHER_TOWNSHIP = "990101102000"
PERSON_ID = "11010519491231002X"
ORG_ID = "91110000600037341L"


async def store_demo_catalog(app: Any) -> None:
    document = demo_catalog()
    async with app.state.database.transaction() as session:
        await catalog_versions.store(
            session,
            COUNTY,
            document["version"],
            date.fromisoformat(document["effective_from"]),
            document,
        )


def ago(days: float) -> datetime:
    return datetime.now(UTC) - timedelta(days=days)


class Actors:
    """Tokens for the usual roles of a township."""

    def __init__(self, app: Any, township: str = TOWNSHIP) -> None:
        self.settings = app.state.settings
        self.township = township

    def headers(self, role: str, sub: str = "user", org: str | None = None) -> dict[str, str]:
        org = org or self.township
        return auth(self.settings, role, org=org, county=COUNTY, sub=sub)

    @property
    def supervisor(self) -> dict[str, str]:
        return self.headers("enforcement_supervisor", "chief")

    def officer(self, sub: str = "zhang") -> dict[str, str]:
        return self.headers("enforcement_officer", sub)

    @property
    def auditor(self) -> dict[str, str]:
        return self.headers("auditor", "inspector", org=COUNTY)


async def add_officer(client, actors: Actors, sub: str, cert: str, **over: Any) -> str:
    body = {
        "name": f"执法员{sub}",
        "township": actors.township,
        "user_sub": sub,
        "certificate_no": cert,
        "valid_from": str(date.today() - timedelta(days=400)),
        "valid_until": str(date.today() + timedelta(days=400)),
        "scope": [],
        **over,
    }
    response = await client.post("/v1/officers", json=body, headers=actors.supervisor)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def open_case(client, actors: Actors, **over: Any) -> dict[str, Any]:
    body = {
        "township": actors.township,
        "item_code": "ZF-001",
        "source": "inspection",
        "party": {"name": "李四", "id_type": "resident", "id_no": PERSON_ID},
        "facts": "在禁烧区露天焚烧秸秆",
        "discovered_at": ago(30).isoformat(),
        "act_date": str(china_date(ago(31))),
        "officers": [],
        "procedure": "general",
        **over,
    }
    response = await client.post("/v1/cases", json=body, headers=actors.supervisor)
    assert response.status_code == 201, response.text
    return dict(response.json())


def referral(grid_event_id: str, item_code: str | None) -> GridEventReferred:
    """A grid event referred to enforcement (`grid.event.referred`) in 青山镇."""
    return GridEventReferred(
        grid_event_id=grid_event_id,
        township=TOWNSHIP,
        grid_id="g1",
        category="环境",
        urgency="normal",
        at=ago(1),
        actor="grid-worker-1",
        description="石桥村有人焚烧秸秆",
        lon=110.1,
        lat=30.2,
        item_code=item_code,
    )
