"""The audit trail: every state change names its actor, time, request and what changed."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.app.logs import request_id_var
from grassroots.common.auth.principal import Principal
from grassroots.common.db.base import utcnow
from grassroots.common.db.plumbing import AuditRow


def record(
    session: AsyncSession,
    principal: Principal,
    *,
    entity: str,
    entity_id: str,
    action: str,
    changes: dict[str, Any],
) -> None:
    """Adds an audit row in the caller's transaction."""
    session.add(
        AuditRow(
            at=utcnow(),
            actor_sub=principal.sub,
            actor_org=principal.org,
            actor_roles=sorted(principal.roles),
            request_id=request_id_var.get(),
            entity=entity,
            entity_id=entity_id,
            action=action,
            changes=changes,
        )
    )
