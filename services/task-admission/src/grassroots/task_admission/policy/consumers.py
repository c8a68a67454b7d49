"""Event handlers: approved inspection plans from evaluation (督查检查考核统一报备)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.events.envelope import Envelope
from grassroots.common.events.evaluation import InspectionPlanApproved
from grassroots.task_admission.policy import repository


async def on_inspection_plan_approved(
    session: AsyncSession, event: InspectionPlanApproved, envelope: Envelope
) -> None:
    """Consumer handler: register the approved plan (duplicates ignored)."""
    await repository.add_plan(
        session,
        {
            "plan_id": event.plan_id,
            "county": event.county,
            "department": event.department,
            "title": event.title,
            "kind": event.kind,
            "townships": list(event.townships),
            "window_start": event.window_start,
            "window_end": event.window_end,
            "year": event.year,
        },
    )
