"""SQL for county policies and registered inspection plans."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.db.upsert import insert_ignore
from grassroots.common.lifecycle import locked
from grassroots.task_admission.policy.models import CountyPolicy, RegisteredInspectionPlan


async def get_policy(session: AsyncSession, county: str) -> CountyPolicy | None:
    """A county's policy row, if it set one."""
    return await session.get(CountyPolicy, county)


async def policy_for_update(
    session: AsyncSession, county: str, values: dict[str, Any]
) -> CountyPolicy:
    """A county's policy row about to change, created with `values` if it had none (two first
    settings at once: one creates it, the other then waits for it and updates it)."""
    await insert_ignore(session, CountyPolicy, {"county": county, **values}, ["county"])
    row = await session.scalar(locked(select(CountyPolicy).where(CountyPolicy.county == county)))
    assert row is not None
    return row


async def get_plan(session: AsyncSession, plan_id: str) -> RegisteredInspectionPlan | None:
    """A registered inspection plan."""
    return await session.get(RegisteredInspectionPlan, plan_id)


async def add_plan(session: AsyncSession, values: dict[str, Any]) -> bool:
    """Stores a plan once (a redelivered event changes nothing)."""
    return await insert_ignore(session, RegisteredInspectionPlan, values, ["plan_id"])


async def list_plans(session: AsyncSession, county: str) -> list[RegisteredInspectionPlan]:
    """A county's registered plans."""
    stmt = select(RegisteredInspectionPlan).where(RegisteredInspectionPlan.county == county)
    return list((await session.scalars(stmt)).all())
