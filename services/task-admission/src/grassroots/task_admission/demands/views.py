"""The API view of a demand, the shape every demand use case returns."""

from __future__ import annotations

from grassroots.task_admission.demands.models import Demand, DemandAssignment
from grassroots.task_admission.demands.schemas import (
    AssignmentRead,
    DecisionRead,
    DemandRead,
)


def read(demand: Demand, assignments: list[DemandAssignment]) -> DemandRead:
    """The API view of a demand."""
    return DemandRead(
        id=demand.id,
        status=demand.status,  # type: ignore[arg-type]
        county=demand.county,
        submitter=demand.submitter,
        kind=demand.kind,  # type: ignore[arg-type]
        title=demand.title,
        description=demand.description,
        target_level=demand.target_level,
        targets=list(demand.targets),
        deadline=demand.deadline,
        duty_item_code=demand.duty_item_code,
        urgent=demand.urgent,
        urgent_reason=demand.urgent_reason,
        clarities=dict(demand.clarities),
        support=dict(demand.support),
        form_code=demand.form_code,
        form_fields=list(demand.form_fields),
        inspection_plan_id=demand.inspection_plan_id,
        decision=DecisionRead.model_validate(demand.decision),
        revision=demand.version,
        created_at=demand.created_at,
        updated_at=demand.updated_at,
        assignments=[
            AssignmentRead(
                org=a.org,
                level=a.level,
                parent=a.parent,
                active=a.active,
                dispatched_at=a.dispatched_at,
                received_at=a.received_at,
                completed_at=a.completed_at,
                summary=a.summary,
                on_time=a.on_time,
                overdue=a.overdue_emitted_at is not None,
            )
            for a in assignments
        ],
    )
