"""A principal is placed once, at the edge, against the catalog in force: its org a known unit of
the county its code belongs to, the county derived from the org (a disagreeing claim refused),
each role fitting the org's kind. The examples are the ones seen from outside."""

from __future__ import annotations

import json
from datetime import date

import pytest

from grassroots.common import catalog_versions
from grassroots.common.auth.placement import placed
from grassroots.common.auth.principal import Principal
from grassroots.common.db.migrations import upgrade_async
from grassroots.common.db.session import Database
from grassroots.common.problems import ProblemError
from grassroots.common.services import service
from grassroots.dev.demo_catalog import demo_catalog

TODAY = date(2026, 12, 2)
OURS, QINGSHAN, VILLAGE = "990101000000", "990101101000", "990101101001"
FORESTRY, SOCIAL_WORK = "11990101MB0000107H", "11990101MB0000203T"
OTHER_COUNTY, OTHER_TOWNSHIP, OTHER_DEPT = "990202000000", "990202101000", "11990202MB0000107X"


def _other_catalog() -> dict:
    document = demo_catalog(version="2026.9", effective_from="2026-01-01")
    text = json.dumps(document, ensure_ascii=False).replace("990101", "990202")
    other = json.loads(text)  # the demo county again, as a second county's catalog
    other["county"]["name"] = "另一县"
    for unit in other["org_units"]:
        if unit["code"] == "11990202MB0000107H":
            unit["code"] = OTHER_DEPT
    return other


@pytest.fixture
async def session(database_url):
    await upgrade_async(service("grid").spec().migrations, database_url)
    database = Database(database_url)
    async with database.transaction() as s:
        document = demo_catalog()
        await catalog_versions.store(s, OURS, document["version"], date(2026, 1, 1), document)
        other = _other_catalog()
        await catalog_versions.store(s, OTHER_COUNTY, other["version"], date(2026, 1, 1), other)
    async with database.sessions() as s:
        yield s
    await database.dispose()


def _p(role: str, org: str, county: str | None = None) -> Principal:
    return Principal(sub=f"{role}@{org}", org=org, roles=frozenset({role}), county=county)


async def _refused(session, principal: Principal) -> str:
    with pytest.raises(ProblemError) as caught:
        await placed(session, principal, TODAY)
    assert caught.value.status == 403
    return caught.value.code


async def test_the_county_is_derived_from_the_org_not_the_claim(session):
    assert (await placed(session, _p("township_admin", QINGSHAN), TODAY)).county == OURS
    assert (await placed(session, _p("dept_submitter", FORESTRY), TODAY)).county == OURS
    assert (
        await placed(session, _p("admission_reviewer", SOCIAL_WORK, OURS), TODAY)
    ).county == OURS


async def test_a_reviewer_of_another_county_claiming_ours_is_refused(session):
    reviewer = _p("admission_reviewer", OTHER_COUNTY, county=OURS)
    assert await _refused(session, reviewer) == "AUTH-COUNTY-MISMATCH"


async def test_a_township_admin_whose_org_is_a_department_is_refused(session):
    assert await _refused(session, _p("township_admin", OTHER_DEPT)) == "AUTH-ROLE-KIND"
    assert await _refused(session, _p("township_admin", FORESTRY, OURS)) == "AUTH-ROLE-KIND"


async def test_a_catalog_admin_whose_org_is_a_township_is_refused(session):
    assert await _refused(session, _p("catalog_admin", QINGSHAN, OURS)) == "AUTH-ROLE-KIND"


@pytest.mark.parametrize(
    ("role", "org"),
    [
        ("dept_submitter", QINGSHAN),
        ("village_operator", QINGSHAN),
        ("township_admin", VILLAGE),
        ("evaluator", QINGSHAN),
        ("auditor", FORESTRY),
        ("enforcement_officer", OURS),
        ("province_auditor", OURS),
        ("auditor", "990000000000"),
        ("ops", QINGSHAN),
    ],
)
async def test_each_role_fits_only_its_kind_of_org(session, role, org):
    assert await _refused(session, _p(role, org)) == "AUTH-ROLE-KIND"


async def test_a_province_wide_reader_is_its_own_role_at_a_province_code(session):
    reader = await placed(session, _p("province_auditor", "990000000000"), TODAY)
    assert reader.county is None and reader.roles == {"province_auditor"}


async def test_an_org_the_catalog_does_not_know_is_refused(session):
    assert await _refused(session, _p("township_admin", "990101199000")) == "AUTH-ORG-UNKNOWN"
    assert await _refused(session, _p("dept_submitter", "91110000600037341L")) == "AUTH-ORG-UNKNOWN"


async def test_another_system_is_any_unit_with_the_roles_it_is_given(session):
    system = Principal(sub="sys", org=FORESTRY, roles=frozenset({"service"}))
    assert (await placed(session, system, TODAY)).county == OURS


async def test_before_any_catalog_only_the_code_shape_decides(database_url):
    await upgrade_async(service("grid").spec().migrations, database_url)
    database = Database(database_url)
    async with database.sessions() as s:
        first = await placed(s, _p("catalog_admin", OURS), TODAY)  # publishes the first catalog
        assert first.county == OURS
        with pytest.raises(ProblemError):
            await placed(s, _p("catalog_admin", QINGSHAN), TODAY)
    await database.dispose()
