"""Officer use cases: register a certified officer, list officers and expiring certificates."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common import audit, catalog_versions
from grassroots.common.auth import Principal
from grassroots.common.catalog.regions import county_part
from grassroots.common.problems import ProblemError
from grassroots.enforcement.codes import CERTIFICATE_EXISTS
from grassroots.enforcement.officers import repository, rules
from grassroots.enforcement.officers.models import Officer
from grassroots.enforcement.officers.schemas import OfficerCreate, OfficerRead


def read(officer: Officer, today: date | None = None) -> OfficerRead:
    """The API view of an officer (days to expiry counted from `today`)."""
    out = OfficerRead.model_validate(officer)
    if today is not None:
        out.days_to_expiry = (officer.valid_until - today).days
    return out


async def create(
    session: AsyncSession, *, principal: Principal, data: OfficerCreate, today: date
) -> OfficerRead:
    """Registers an officer of the caller's township (`REGISTER_OFFICER`)."""
    rules.check_validity(data.valid_from, data.valid_until)
    document = await catalog_versions.active_document(session, county_part(data.township), today)
    if document is not None:
        rules.check_scope(data.scope, {item.code for item in document.enforcement_items})
    if await repository.by_certificate(session, data.certificate_no) is not None:
        raise ProblemError(CERTIFICATE_EXISTS, None, data.certificate_no)
    officer = Officer(
        id=f"off_{uuid.uuid4().hex}",
        name=data.name,
        township=data.township,
        user_sub=data.user_sub,
        certificate_no=data.certificate_no,
        valid_from=data.valid_from,
        valid_until=data.valid_until,
        scope=sorted(set(data.scope)),
    )
    await repository.add(session, officer)
    audit.record(
        session,
        principal,
        entity="officer",
        entity_id=officer.id,
        action="create",
        changes=data.model_dump(mode="json"),
    )
    return read(officer)


async def list_officers(
    session: AsyncSession,
    *,
    township: str,
    expiring_within_days: int | None,
    today: date,
) -> Sequence[OfficerRead]:
    """Officers of a township, or only those whose certificates expire within N days."""
    by = today + timedelta(days=expiring_within_days) if expiring_within_days is not None else None
    rows = await repository.in_township(session, township, expiring_by=by, today=today)
    return [read(row, today) for row in rows]
