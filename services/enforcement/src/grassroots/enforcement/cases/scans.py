"""Overdue detection: `case.overdue` once per case and limit, safe with several replicas."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.app.periodic import mark_each, periodic
from grassroots.common.app.runtime import Runtime
from grassroots.common.clock import china_date
from grassroots.common.db.base import utcnow
from grassroots.common.db.session import Database
from grassroots.common.events.enforcement import CaseOverdue
from grassroots.common.messaging.outbox import add_event
from grassroots.enforcement.cases import repository, service
from grassroots.enforcement.cases.models import Case
from grassroots.enforcement.policy import Policy
from grassroots.enforcement.settings import EnforcementSettings

log = logging.getLogger(__name__)
BEFORE_DECISION = ("filed", "investigating", "notified", "hearing")
Passed = tuple[Case, str, date]  # a case, the name of a limit it passed, and that limit's day


def cutoffs(now: datetime, policy: Policy) -> dict[str, tuple[tuple[str, ...], datetime]]:
    """Per limit: the states it applies in, and a start time before which it may have passed."""
    return {
        "filing": (("discovered",), now - timedelta(days=policy.filing_working_days)),
        "decision": (BEFORE_DECISION, now - timedelta(days=policy.decision_days)),
        "service": (("decided",), now - timedelta(days=policy.service_days)),
        "payment": (("served",), now - timedelta(days=policy.payment_days)),
    }


def passed_limits(case: Case, today: date, policy: Policy) -> list[tuple[str, date]]:
    """The limits (filing, decision, service, payment) the case has passed on `today`."""
    due = service.deadlines(case, policy)
    limits = [
        ("filing", due.filing_due),
        ("decision", due.decision_due if case.procedure == "general" else None),
        ("service", due.service_due if not case.party_present else None),
        ("payment", due.payment_due),
    ]
    return [(name, day) for name, day in limits if day is not None and today > day]


async def scan_overdue(database: Database, now: datetime, policy: Policy) -> list[tuple[str, str]]:
    """One pass: marks and announces every newly passed limit; returns (case id, limit) emitted."""

    async def passed(session: AsyncSession) -> list[Passed]:
        cases = await repository.overdue_candidates(session, cutoffs=cutoffs(now, policy))
        limits = {c.id: passed_limits(c, china_date(now), policy) for c in cases}
        marked = await repository.overdue_marked(session, [k for k, v in limits.items() if v])
        return [
            (case, limit, due)
            for case in cases
            for limit, due in limits[case.id]
            if (case.id, limit) not in marked
        ]

    async def mark(session: AsyncSession, found: Passed) -> bool:
        case, limit, due = found  # the unique key lets only one replica win
        won = await repository.mark_overdue(
            session, case_id=case.id, township=case.township, limit=limit, due=due
        )
        if won:
            add_event(session, CaseOverdue(**service.event_fields(case), limit=limit, due=due))
        return won

    return [(case.id, limit) for case, limit, _ in await mark_each(database, passed, mark)]


async def _scan(runtime: Runtime) -> int:
    settings = runtime.settings
    assert isinstance(settings, EnforcementSettings)
    return len(await scan_overdue(runtime.database, utcnow(), settings.policy))


overdue_loop = periodic("case overdue scan", "overdue_scan_seconds", _scan)
