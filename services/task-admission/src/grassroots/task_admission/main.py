"""The task-admission service: its spec (routers, handlers, consumed topics) and `create_app()`."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from grassroots.common import catalog_versions
from grassroots.common.app.factory import create_service_app
from grassroots.common.app.runtime import ServiceSpec
from grassroots.common.events import ADMISSION_TOPIC, EVALUATION_TOPIC
from grassroots.common.events.admission import CatalogPublished
from grassroots.common.events.evaluation import InspectionPlanApproved
from grassroots.task_admission.burden.router import router as burden_router
from grassroots.task_admission.catalog.router import router as catalog_router
from grassroots.task_admission.complaints.router import router as complaints_router
from grassroots.task_admission.complaints.rules import COMPLAINT
from grassroots.task_admission.demands.router import router as demands_router
from grassroots.task_admission.demands.rules import ASSIGNMENT, DEMAND
from grassroots.task_admission.demands.scans import overdue_loop
from grassroots.task_admission.forms.consumers import HANDLERS as FORM_HANDLERS
from grassroots.task_admission.forms.router import router as forms_router
from grassroots.task_admission.forms.rules import FILLING
from grassroots.task_admission.matching import dense
from grassroots.task_admission.matching.router import router as matching_router
from grassroots.task_admission.matching.warmup import index_loop
from grassroots.task_admission.policy.consumers import on_inspection_plan_approved
from grassroots.task_admission.policy.router import router as policy_router
from grassroots.task_admission.settings import TaskAdmissionSettings

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def spec(settings: TaskAdmissionSettings | None = None) -> ServiceSpec:
    """What task-admission is made of."""
    return ServiceSpec(
        name="task-admission",
        title="Grassroots Task admission (清单准入)",
        description="One gate for every demand a county department puts on a township or village: checked against the duty list, reviewed, dispatched, received, completed; forms filled on the platform (一套表); complaints; the burden ledger.",
        settings=settings or TaskAdmissionSettings(),
        migrations=MIGRATIONS,
        routers=[
            catalog_router,
            demands_router,
            matching_router,
            complaints_router,
            burden_router,
            policy_router,
            forms_router,
        ],
        handlers={
            CatalogPublished: catalog_versions.on_catalog_published,
            InspectionPlanApproved: on_inspection_plan_approved,
            **FORM_HANDLERS,
        },
        # its own topic too: an admitted or dispatched report_form opens its fillings (forms)
        consumes=[EVALUATION_TOPIC, ADMISSION_TOPIC],
        background=[overdue_loop, index_loop],
        lifecycles=(DEMAND, ASSIGNMENT, COMPLAINT, FILLING),
        append_only=("form_facts", "form_history_batches", "example_candidates"),
        degradations={"matching": dense.degradation},  # lexical only while the model is away
        body_limits={
            "/v1/catalog": 16 * 2**20,  # a county's whole duty-list catalog
            "/v1/forms": 16 * 2**20,  # a form's history file
        },
    )


def create_app(settings: TaskAdmissionSettings | None = None) -> FastAPI:
    """The ASGI app (uvicorn factory)."""
    made = spec(settings)
    chosen = made.settings
    assert isinstance(chosen, TaskAdmissionSettings)
    dense.configure(enabled=chosen.matching_model, cache_dir=chosen.matching_vectors_dir)
    return create_service_app(made)
