"""Demand queries: one demand, its history, and pages of demands the caller may see."""

from __future__ import annotations

import base64
import json
from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.auth import Principal
from grassroots.common.problems import ProblemError, unprocessable
from grassroots.task_admission.demands import access, repository
from grassroots.task_admission.demands.models import Demand
from grassroots.task_admission.demands.schemas import DemandPage, DemandRead, HistoryEntry


async def get(
    session: AsyncSession, *, principal: Principal, demand_id: str, today: date
) -> DemandRead:
    """One demand the caller may see."""
    demand = await repository.get(session, demand_id)
    assignments = await repository.assignments(session, demand_id) if demand else []
    county = await access.county_of(session, principal, today)
    demand = access.ensure_visible(principal, county, demand, assignments)
    return access.read(demand, assignments)


async def history(
    session: AsyncSession, *, principal: Principal, demand_id: str, today: date
) -> list[HistoryEntry]:
    """Every transition of a demand with actor and time."""
    await get(session, principal=principal, demand_id=demand_id, today=today)
    rows = await repository.history(session, demand_id)
    return [
        HistoryEntry(
            at=r.at,
            actor_sub=r.actor_sub,
            actor_org=r.actor_org,
            action=r.action,
            status_from=r.status_from,
            status_to=r.status_to,
            reason=r.reason,
            detail=r.detail,
        )
        for r in rows
    ]


def _decode_cursor(cursor: str | None) -> tuple[datetime, str] | None:
    if not cursor:
        return None
    try:
        at, last_id = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        parsed = datetime.fromisoformat(at)
        if parsed.tzinfo is None or not isinstance(last_id, str):
            raise ValueError(cursor)
        return parsed, last_id
    except (ValueError, TypeError, UnicodeError) as exc:
        raise unprocessable("E-CURSOR", "分页游标无效") from exc


def _encode_cursor(demand: Demand) -> str:
    raw = json.dumps([demand.created_at.isoformat(), demand.id])
    return base64.urlsafe_b64encode(raw.encode()).decode()


async def list_(
    session: AsyncSession,
    *,
    principal: Principal,
    filters: dict[str, Any],
    cursor: str | None,
    limit: int,
    today: date,
) -> DemandPage:
    """Demands the caller may see, newest first, one page at a time."""
    county = await access.county_of(session, principal, today)
    visible_to: str | None = None
    scope_county: str | None = county
    if principal.is_auditor:
        scope_county = None
    elif principal.has_any(*access.COUNTY_ROLES):
        if county is None:
            raise access.forbidden("无法确定所属县")
    elif principal.has_any("dept_submitter", "service"):
        if filters.get("submitter") not in (None, principal.org):
            raise access.forbidden("部门只能查看本部门申报的事项")
        filters = filters | {"submitter": principal.org}
    elif principal.has_any("township_admin", "village_operator"):
        visible_to = principal.org
    else:
        raise ProblemError(403, "AUTH-ROLE", "无权查看事项")
    rows = await repository.list_page(
        session,
        county=scope_county,
        filters=filters,
        visible_to_org=visible_to,
        after=_decode_cursor(cursor),
        limit=limit + 1,
    )
    page = rows[:limit]
    by_demand = await repository.assignments_of(session, [d.id for d in page])
    return DemandPage(
        items=[access.read(d, by_demand[d.id]) for d in page],
        next_cursor=_encode_cursor(page[-1]) if len(rows) > limit else None,
    )
