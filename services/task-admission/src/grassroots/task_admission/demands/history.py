"""A demand's history: one row per applied transition, the demand's own or one org's part of it,
always with the demand's real status before and after."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.auth import Principal
from grassroots.common.lifecycle import Applied, HistoryWriter
from grassroots.task_admission.demands.models import Demand, DemandHistory


def entry(
    demand_id: str,
    *,
    at: datetime,
    actor_sub: str,
    actor_org: str,
    action: str,
    status_from: str | None,
    status_to: str,
    reason: str | None = None,
    detail: dict[str, Any] | None = None,
) -> DemandHistory:
    """One history row."""
    return DemandHistory(
        demand_id=demand_id,
        at=at,
        actor_sub=actor_sub,
        actor_org=actor_org,
        action=action,
        status_from=status_from,
        status_to=status_to,
        reason=reason,
        detail=detail or {},
    )


def created(session: AsyncSession, demand: Demand, principal: Principal, at: datetime) -> None:
    """The first row: a submitted demand, in the state its check decided."""
    reason_codes = [r["code"] for r in demand.decision["reasons"]]
    session.add(
        entry(
            demand.id,
            at=at,
            actor_sub=principal.sub,
            actor_org=principal.org,
            action="submit",
            status_from=None,
            status_to=demand.status,
            detail={"reason_codes": reason_codes},
        )
    )


def of_demand(session: AsyncSession, applied: Applied) -> None:
    """The history writer of the demand's own transitions."""
    session.add(
        entry(
            applied.row.id,
            at=applied.at,
            actor_sub=applied.principal.sub,
            actor_org=applied.principal.org,
            action=applied.edge.action,
            status_from=applied.source,
            status_to=applied.target,
            reason=applied.change.reason,
            detail=applied.change.detail,
        )
    )


def of_assignment(demand: Demand, before: str) -> HistoryWriter:
    """The history writer of one org's step: the demand's status before the request and after
    it (the last part done completes the demand), the org's own step in `detail`."""

    def write(session: AsyncSession, applied: Applied) -> None:
        session.add(
            entry(
                demand.id,
                at=applied.at,
                actor_sub=applied.principal.sub,
                actor_org=applied.principal.org,
                action=applied.edge.action,
                status_from=before,
                status_to=demand.status,
                reason=applied.change.reason,
                detail={
                    "org": applied.row.org,
                    "assignment": [applied.source, applied.target],
                    **applied.change.detail,
                },
            )
        )

    return write
