"""task-admission under test: its own database, a real broker when the test asks for one."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import pytest

from grassroots.common import catalog_versions, clock
from grassroots.common.calendar import add_working_days
from grassroots.common.catalog import validate_catalog
from grassroots.dev.demo_catalog import demo_catalog
from grassroots.task_admission.main import spec
from grassroots.task_admission.settings import TaskAdmissionSettings
from grassroots.testkit.apps import auth, running_app, settings_for

COUNTY = "990101000000"


@pytest.fixture
async def admission(database_url, kafka_broker) -> AsyncIterator:
    settings = settings_for(TaskAdmissionSettings, database_url, kafka_broker.bootstrap)
    async with running_app(spec(settings)) as (app, client):
        yield app, client


@pytest.fixture
async def admission_db(database_url) -> AsyncIterator:
    """The service on its database with messaging off (no broker: fast)."""
    settings = settings_for(TaskAdmissionSettings, database_url, None)
    async with running_app(spec(settings)) as (app, client):
        yield app, client


FORESTRY = "11990101MB0000107H"
LAND = "11990101MB00000006"
MARKET = "11990101MB0000051E"
SOCIAL_WORK = "11990101MB0000203T"
QINGSHAN = "990101101000"
SHIMEN = "990101102000"
QINGSHAN_VILLAGES = ("990101101201", "990101101202")
SHIMEN_VILLAGE = "990101102201"
CLEAR = {
    "department_does": "县林业局制定方案并提供宣传资料和技术指导",
    "grassroots_does": "乡镇组织护林员每日巡山并填写巡查记录",
    "department_support": "每个乡镇拨付巡查经费五千元并培训护林员",
}


def stored_catalog() -> dict[str, Any]:
    return validate_catalog(demo_catalog()).model_dump(mode="json", exclude_none=True)


async def store_catalog(app) -> None:
    async with app.state.database.transaction() as session:
        await catalog_versions.store(session, COUNTY, "2026.1", date(2026, 1, 1), stored_catalog())


class H:
    """Helpers for demand tests (a fixture, since test modules do not import each other)."""

    COUNTY = COUNTY
    FORESTRY = FORESTRY
    LAND = LAND
    MARKET = MARKET
    SOCIAL_WORK = SOCIAL_WORK
    QINGSHAN = QINGSHAN
    SHIMEN = SHIMEN
    QINGSHAN_VILLAGES = QINGSHAN_VILLAGES
    SHIMEN_VILLAGE = SHIMEN_VILLAGE
    CLEAR = CLEAR
    CHINA = clock.CHINA

    def __init__(self, app) -> None:
        self.app = app

    def dept(self, org: str = FORESTRY) -> dict[str, str]:
        return dept(self.app, org)

    def reviewer(self) -> dict[str, str]:
        return reviewer(self.app)

    def township(self, org: str = QINGSHAN) -> dict[str, str]:
        return township(self.app, org)

    def village(self, org: str = QINGSHAN_VILLAGES[0]) -> dict[str, str]:
        return village(self.app, org)

    def auditor(self) -> dict[str, str]:
        return auditor(self.app)

    def role(self, role: str, org: str, **kw: Any) -> dict[str, str]:
        return auth(self.app.state.settings, role, org=org, **kw)

    deadline = staticmethod(lambda days=10: deadline(days))
    basic_task = staticmethod(lambda **kw: basic_task(**kw))
    unlisted_task = staticmethod(lambda **kw: unlisted_task(**kw))


@pytest.fixture
async def api(database_url) -> AsyncIterator:
    settings = settings_for(TaskAdmissionSettings, database_url, None)
    async with running_app(spec(settings)) as (app, client):
        await store_catalog(app)
        yield app, client, H(app)


def dept(app, org: str = FORESTRY) -> dict[str, str]:
    return auth(app.state.settings, "dept_submitter", org=org)


def reviewer(app) -> dict[str, str]:
    return auth(app.state.settings, "admission_reviewer", org=SOCIAL_WORK, county=COUNTY)


def township(app, org: str = QINGSHAN) -> dict[str, str]:
    return auth(app.state.settings, "township_admin", org=org, county=COUNTY)


def village(app, org: str = QINGSHAN_VILLAGES[0]) -> dict[str, str]:
    return auth(app.state.settings, "village_operator", org=org, county=COUNTY)


def auditor(app) -> dict[str, str]:
    return auth(app.state.settings, "auditor", org=COUNTY)  # an audit office (a credit code)


def deadline(days: int = 10) -> str:
    return add_working_days(clock.today(), days).isoformat()


def basic_task(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "kind": "task",
        "title": "秋冬季森林防火宣传和巡查",
        "description": "请各乡镇组织开展森林防火宣传,加强巡山护林,严管野外用火。",
        "target_level": "township",
        "targets": [QINGSHAN],
        "deadline": deadline(),
        "duty_item_code": "T-B-001",
        "clarities": CLEAR,
        "support": {"funding_yuan": 5000},
    }
    body.update(overrides)
    return body


def unlisted_task(**overrides: Any) -> dict[str, Any]:
    return basic_task(
        duty_item_code=None,
        title="组织参加全县书法摄影作品比赛",
        description="请各乡镇推荐书法摄影爱好者报名参赛并收集作品。",
        clarities={**CLEAR, "grassroots_does": "乡镇推荐报名人员并收集参赛作品"},
        **overrides,
    )


@pytest.fixture
def client_helpers():
    """The helper class, for tests that build their own app (e.g. with a broker)."""
    return H


@pytest.fixture
def catalog_storer():
    """Stores the demo catalog in an app's database (for tests that build their own app)."""
    return store_catalog
