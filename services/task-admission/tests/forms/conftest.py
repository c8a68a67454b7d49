"""Forms under test: task-admission with its broker (its own demand events open the fillings,
through its consumer) on a small catalog of its own: the demo county's units and duty lists with
four approved forms mapped to canonical fields."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select
from stdnum.cn import ric

from grassroots.common import catalog_versions, clock
from grassroots.common.calendar import add_working_days
from grassroots.common.catalog import validate_catalog
from grassroots.common.db.plumbing import AuditRow, OutboxRow
from grassroots.dev.demo_catalog import demo_catalog
from grassroots.task_admission.forms.models import Filling
from grassroots.task_admission.main import spec
from grassroots.task_admission.settings import TaskAdmissionSettings
from grassroots.testkit.apps import auth, eventually, running_app, settings_for

COUNTY = "990101000000"
FORESTRY = "11990101MB0000107H"  # 县林业局: submits the demands, owns the village forms
LAND = "11990101MB00000006"  # 县自然资源局: owns the township form
CIVIL = "11990101MB000006X6"  # 县民政局: owns no form here
QINGSHAN = "990101101000"
SHIMEN = "990101102000"
VILLAGES = ("990101101201", "990101101202")
SHIMEN_VILLAGE = "990101102201"
CLEAR = {
    "department_does": "县林业局统一制定报表口径并提供历史数据和填报培训",
    "grassroots_does": "村(社区)在平台上核对预填数据并补充更正后提交",
    "department_support": "县林业局安排专人解答填报问题并共享已有数据",
}

DEFINITIONS = [
    {"code": "V-HH", "name": "户数", "type": "integer", "subject": "village",
     "sensitivity": "public", "unit": "户"},
    {"code": "V-POP", "name": "户籍人口", "type": "integer", "subject": "village",
     "sensitivity": "public", "unit": "人"},
    {"code": "V-INCOME", "name": "村集体经济收入", "type": "decimal", "subject": "village",
     "unit": "万元"},
    {"code": "V-REASON", "name": "未入学原因", "type": "text", "subject": "village",
     "sensitivity": "sensitive"},
    {"code": "H-NAME", "name": "户主姓名", "type": "text", "subject": "household"},
    {"code": "H-ID", "name": "户主身份证号", "type": "id_number", "subject": "household",
     "sensitivity": "sensitive"},
    {"code": "H-SIZE", "name": "家庭人口", "type": "integer", "subject": "household",
     "unit": "人"},
    {"code": "H-INCOME", "name": "家庭年收入", "type": "decimal", "subject": "household",
     "sensitivity": "sensitive", "unit": "元"},
    {"code": "H-CLASS", "name": "低保保障类别", "type": "choice", "subject": "household",
     "sensitivity": "sensitive", "choices": ["一类", "二类", "三类"]},
    {"code": "O-DATE", "name": "耕地巡查日期", "type": "date", "subject": "organisation"},
    {"code": "O-PLACE", "name": "地块位置", "type": "text", "subject": "organisation"},
]  # fmt: skip
FORMS = [
    {
        "code": "F-101",
        "title": "村(社区)基本情况统计表",
        "owner_department": FORESTRY,
        "level": "village",
        "frequency": "yearly",
        "fields": ["户数", "户籍人口", "集体经济收入", "未入学原因"],
        "field_map": {"户数": "V-HH", "户籍人口": "V-POP", "集体经济收入": "V-INCOME",
                      "未入学原因": "V-REASON"},
    },
    {
        "code": "F-102",
        "title": "村(社区)人口年报表",
        "owner_department": FORESTRY,
        "level": "village",
        "frequency": "yearly",
        "fields": ["总户数", "户籍人口"],
        "field_map": {"总户数": "V-HH", "户籍人口": "V-POP"},
    },
    {
        "code": "F-103",
        "title": "农村低保对象季度核查表",
        "owner_department": FORESTRY,
        "level": "village",
        "frequency": "quarterly",
        "fields": ["户主姓名", "身份证号", "家庭人口", "家庭年收入", "保障类别"],
        "field_map": {"户主姓名": "H-NAME", "身份证号": "H-ID", "家庭人口": "H-SIZE",
                      "家庭年收入": "H-INCOME", "保障类别": "H-CLASS"},
    },
    {
        "code": "F-104",
        "title": "耕地保护巡查台账",
        "owner_department": LAND,
        "level": "township",
        "frequency": "monthly",
        "fields": ["巡查日期", "地块位置"],
        "field_map": {"巡查日期": "O-DATE", "地块位置": "O-PLACE"},
    },
]  # fmt: skip


# a version of its own: a process parses a county's version once (catalog_versions), and other
# tests store the demo catalog itself as 2026.1
VERSION = "2026.forms"


def forms_catalog() -> dict[str, Any]:
    """The demo county with these forms and canonical fields only."""
    document = demo_catalog(version=VERSION)
    document["approved_forms"] = FORMS
    document["field_definitions"] = DEFINITIONS
    return validate_catalog(document).model_dump(mode="json", exclude_none=True)


def resident(serial: int, born: str = "19800101", area: str = "110105") -> str:
    """A valid resident ID (公民身份号码) of a made-up person (its check character computed)."""
    body = f"{area}{born}{serial:03d}"
    return body + ric.calc_check_digit(body + "0")


class F:
    """Helpers for forms tests."""

    COUNTY, FORESTRY, LAND, CIVIL = COUNTY, FORESTRY, LAND, CIVIL
    QINGSHAN, SHIMEN, VILLAGES, SHIMEN_VILLAGE = QINGSHAN, SHIMEN, VILLAGES, SHIMEN_VILLAGE
    resident = staticmethod(resident)

    def __init__(self, app, client) -> None:
        self.app, self.client = app, client

    def role(self, role: str, org: str) -> dict[str, str]:
        return auth(self.app.state.settings, role, org=org, county=COUNTY)

    def dept(self, org: str = FORESTRY) -> dict[str, str]:
        return auth(self.app.state.settings, "dept_submitter", org=org)

    def village(self, org: str = VILLAGES[0]) -> dict[str, str]:
        return self.role("village_operator", org)

    def township(self, org: str = QINGSHAN) -> dict[str, str]:
        return self.role("township_admin", org)

    def reviewer(self) -> dict[str, str]:
        return self.role("admission_reviewer", "11990101MB0000203T")

    def auditor(self) -> dict[str, str]:
        return auth(self.app.state.settings, "auditor", org=COUNTY)

    async def demand(
        self, form_code: str, targets: list[str], *, level: str = "village", **kw: Any
    ) -> str:
        """A report_form demand of 县林业局 (or `dept`), admitted."""
        dept = kw.pop("dept", FORESTRY)
        body = {
            "kind": "report_form",
            "title": "报送村(社区)年度基本数据",
            "description": "请各村(社区)在平台上核对并报送年度基本数据,已有数据自动预填。",
            "target_level": level,
            "targets": targets,
            "deadline": add_working_days(clock.today(), 10).isoformat(),
            "form_code": form_code,
            "clarities": CLEAR,
            "support": {"funding_yuan": 0, "data": "县林业局共享已有的历史数据"},
        } | kw
        created = await self.client.post("/v1/demands", json=body, headers=self.dept(dept))
        assert created.status_code == 201, created.text
        demand = created.json()
        assert demand["status"] == "admitted", demand["decision"]
        return str(demand["id"])

    async def fillings(self, demand_id: str, count: int) -> list[Filling]:
        """The demand's fillings, once its consumer opened `count` of them."""
        found: list[Filling] = []

        async def opened() -> bool:
            nonlocal found
            async with self.app.state.database.transaction() as session:
                stmt = select(Filling).where(Filling.demand_id == demand_id)
                found = list((await session.scalars(stmt)).all())
            return len(found) >= count

        await eventually(opened, within=30)
        return sorted(found, key=lambda f: f.org)

    async def filling(self, demand_id: str, org: str) -> str:
        rows = await self.fillings(demand_id, 1)
        matching = [f.id for f in rows if f.org == org]
        if not matching:
            rows = await self.fillings(demand_id, len(rows) + 1)
            matching = [f.id for f in rows if f.org == org]
        return matching[0]

    async def get(self, filling_id: str, headers: dict[str, str]) -> dict[str, Any]:
        read = await self.client.get(f"/v1/fillings/{filling_id}", headers=headers)
        assert read.status_code == 200, read.text
        return dict(read.json())

    async def put(
        self, filling_id: str, rows: list[dict[str, Any]], headers: dict[str, str], **kw: Any
    ):
        return await self.client.put(
            f"/v1/fillings/{filling_id}/values", json={"rows": rows}, headers=headers, **kw
        )

    async def events(self, ce_type: str) -> list[OutboxRow]:
        async with self.app.state.database.transaction() as session:
            stmt = select(OutboxRow).where(OutboxRow.ce_type == f"{ce_type}.v1")
            return list((await session.scalars(stmt.order_by(OutboxRow.id))).all())

    async def audits(self, action: str) -> list[AuditRow]:
        async with self.app.state.database.transaction() as session:
            stmt = select(AuditRow).where(AuditRow.action == action).order_by(AuditRow.id)
            return list((await session.scalars(stmt)).all())

    async def query(self, run: Callable[[Any], Awaitable[Any]]) -> Any:
        async with self.app.state.database.transaction() as session:
            return await run(session)


def cells(read: dict[str, Any], row: int = 0) -> dict[str, dict[str, Any]]:
    """A filling's row as {label: cell}."""
    return {c["label"]: c for c in read["rows"][row]["cells"]}


@pytest.fixture
def cells_of():
    return cells


@pytest.fixture
async def forms(database_url, kafka_broker) -> AsyncIterator[F]:
    settings = settings_for(TaskAdmissionSettings, database_url, kafka_broker.bootstrap)
    async with running_app(spec(settings)) as (app, client):
        async with app.state.database.transaction() as session:
            await catalog_versions.store(
                session, COUNTY, VERSION, date(2026, 1, 1), forms_catalog()
            )
        yield F(app, client)
