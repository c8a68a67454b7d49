"""A form's history (历史数据): its owner department (or the county's reviewer) imports the values
a file holds (uploads.py reads it, history_checks.py checks it), stored whole as facts of one
batch, the latest facts fillings are then pre-filled with; or, with any problem, nothing."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common import audit, catalog_versions, clock
from grassroots.common.auth import Principal
from grassroots.common.auth.access import Target
from grassroots.common.problems import ProblemError, not_found
from grassroots.task_admission.codes import HISTORY_INVALID
from grassroots.task_admission.forms import history_checks, repository, rules
from grassroots.task_admission.forms.access import OWN_FORM
from grassroots.task_admission.forms.models import Fact, HistoryBatch
from grassroots.task_admission.forms.schemas import HistoryImportRead


async def import_history(
    session: AsyncSession,
    *,
    principal: Principal,
    form_code: str,
    header: Sequence[object],
    rows: Sequence[tuple[int, Sequence[object]]],
    now: datetime,
) -> HistoryImportRead:
    """A form's historical values (one column per field, `subject`, `as_of`), checked row by
    row and stored whole as facts of one batch, or not at all."""
    today = clock.china_date(now)
    county = principal.county
    document = await catalog_versions.active_document(session, county, today) if county else None
    form = document.approved_form(form_code) if document is not None else None
    if county is None or document is None or form is None:
        raise not_found("报表", form_code)
    OWN_FORM.require(principal, Target(county=county, unit=form.owner_department), form_code)
    shape = rules.shape(form, document.form_fields(form))
    units = {u.code: True for u in document.org_units}
    problems, records = history_checks.check_history(
        form_code=form.code,
        fields=shape.fields,
        kind=shape.subject,
        header=header,
        rows=rows,
        units=units,
        today=today,
    )
    if not rows and not problems:
        problems.append(history_checks.FileProblem(2, "", "文件中没有数据行"))
    if problems:
        raise ProblemError(
            HISTORY_INVALID,
            None,
            f"共 {len(problems)} 处问题",
            problems=[{"row": p.row, "column": p.column, "message": p.message} for p in problems],
        )
    batch = HistoryBatch(
        id=f"hb_{uuid.uuid4().hex}",
        county=county,
        form_code=form.code,
        catalog_version=document.version,
        rows=len(rows),
        facts=len(records),
        imported_by=principal.sub,
        importer_org=principal.org,
        imported_at=now,
    )
    repository.add_batch(session, batch)
    repository.add_facts(
        session,
        [
            Fact(
                county=county,
                subject=r.subject,
                field_key=r.key,
                value=r.value,
                as_of=r.as_of,
                source_kind="import",
                source_id=batch.id,
                recorded_at=now,
            )
            for r in records
        ],
    )
    audit.record(
        session,
        principal,
        entity="form_history",
        entity_id=batch.id,
        action="import",
        changes={"form_code": form.code, "rows": batch.rows, "facts": batch.facts},
    )
    return HistoryImportRead(
        batch_id=batch.id,
        county=county,
        form_code=form.code,
        rows=batch.rows,
        facts=batch.facts,
        imported_at=now,
    )
