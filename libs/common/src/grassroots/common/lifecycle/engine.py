"""The one way a stateful aggregate changes: claim it, apply the pure step, record, announce.

`transition` runs in the caller's (the edge's) transaction on an aggregate the repository loaded
with `locked()` (`SELECT … FOR UPDATE` on PostgreSQL, so concurrent requests queue and the later
ones see the new state). It then claims the row: `version + 1` flushed at once, an
`UPDATE … WHERE id = :id AND version = :read` that matches zero rows when another request
changed it since the read (SQLite reads without a lock), answered as the lifecycle's state
conflict (409). Only then does the step run; history (real from → to), the audit row and the
outbox events follow in the same transaction. Of N identical or conflicting requests exactly one
applies; the rest get 409 (or 412 `E-PRECONDITION` when their `If-Match` names an old version).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from inspect import isawaitable as inspect_awaitable
from typing import Any, Protocol, TypeVar

from sqlalchemy import Select, inspect, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from grassroots.common import audit
from grassroots.common.auth.principal import Principal
from grassroots.common.codes import AUTH_ROLE
from grassroots.common.concurrency import check_if_match
from grassroots.common.db.base import utcnow
from grassroots.common.events.base import EventPayload
from grassroots.common.lifecycle.table import Edge, Lifecycle
from grassroots.common.messaging.outbox import add_event
from grassroots.common.refusals import Refusal

S = TypeVar("S", bound=Select[Any])


def locked(statement: S) -> S:
    """A repository's load of an aggregate about to change: row-locked where the database can."""
    return statement.with_for_update().execution_options(populate_existing=True)


@dataclass
class Change:
    """What a step did beyond the table: its target when a guard picks one, detail, events."""

    to: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)
    events: list[EventPayload] = field(default_factory=list)
    reason: str | None = None


@dataclass(frozen=True)
class Applied:
    """One applied transition, as history records it."""

    lifecycle: Lifecycle
    row: Any
    edge: Edge
    source: str
    target: str
    principal: Principal
    at: datetime
    change: Change


class HistoryWriter(Protocol):
    """Adds the aggregate's own history row for an applied transition (no flush needed); may be
    a coroutine function when writing it needs the database (the enforcement log's chain)."""

    def __call__(self, session: AsyncSession, applied: Applied) -> Awaitable[None] | None: ...


Step = Callable[[Edge], Awaitable[Change | None]]


async def claim(session: AsyncSession, lifecycle: Lifecycle, row: Any) -> None:
    """`UPDATE … SET version = v + 1 WHERE id = :id AND version = v` now; zero rows (another
    request changed it since this one read it) is the lifecycle's state conflict."""
    model = type(row)
    read = row.version
    result = await session.execute(
        update(model)
        .where(*(c == getattr(row, c.key) for c in inspect(model).primary_key))
        .where(model.version == read)
        .values(version=read + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise Refusal(
            lifecycle.conflict,
            f"{lifecycle.title}已被他人同时处理，请刷新后查看",
            f"{lifecycle.name} {row.id} 的版本已变化",
        )
    set_committed_value(row, "version", read + 1)


async def transition(
    session: AsyncSession,
    lifecycle: Lifecycle,
    row: Any,
    action: str,
    *,
    principal: Principal,
    history: HistoryWriter | None = None,
    step: Step | None = None,
    if_match: str | None = None,
    at: datetime | None = None,
) -> Applied:
    """Applies `action` to `row` once: table check, claim, step, history, audit, events."""
    check_if_match(if_match, row.version, lifecycle.title)
    source = getattr(row, lifecycle.state_attr)
    edge = lifecycle.edge(source, action)
    _check_roles(lifecycle, edge, principal)
    await claim(session, lifecycle, row)
    change = (await step(edge) if step else None) or Change()
    if change.to is not None and change.to != edge.target:
        edge = lifecycle.edge(source, action, change.to)
    setattr(row, lifecycle.state_attr, edge.target)
    applied = Applied(lifecycle, row, edge, source, edge.target, principal, at or utcnow(), change)
    await record(session, applied, history=history)
    await session.flush()  # the claim holds the row: no StaleDataError from here
    return applied


async def record(
    session: AsyncSession,
    applied: Applied,
    *,
    history: HistoryWriter | None = None,
) -> None:
    """History, audit and the outbox events of an applied transition, in the session."""
    undeclared = [
        e.event_type for e in applied.change.events if e.event_type not in applied.edge.events
    ]
    if undeclared:
        raise AssertionError(
            f"{applied.lifecycle.name}.{applied.edge.action} emits {undeclared}, "
            f"its table names {list(applied.edge.events)}"
        )
    if history is not None and inspect_awaitable(written := history(session, applied)):
        await written
    detail = applied.change.detail
    if applied.change.reason is not None:
        detail = {**detail, "reason": applied.change.reason}
    audit.record(
        session,
        applied.principal,
        entity=applied.lifecycle.name,
        entity_id=str(applied.row.id),
        action=applied.edge.action,
        changes={"from": applied.source, "to": applied.target, **detail},
    )
    for event in applied.change.events:
        add_event(session, event)


def _check_roles(lifecycle: Lifecycle, edge: Edge, principal: Principal) -> None:
    if edge.roles and not principal.roles & edge.roles:
        raise Refusal(
            AUTH_ROLE,
            None,
            f"{lifecycle.title}的 {edge.action} 需要以下角色之一: {', '.join(sorted(edge.roles))}",
        )
