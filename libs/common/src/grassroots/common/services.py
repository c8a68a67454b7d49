"""The four services of the suite, found through the `grassroots.services` entry points."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from importlib.metadata import entry_points

from grassroots.common.app.runtime import ServiceSpec

SERVICE_NAMES = ("task-admission", "grid", "enforcement", "evaluation")
PORTS = {"task-admission": 8001, "grid": 8002, "enforcement": 8003, "evaluation": 8004}
ENV_PREFIXES = {
    "task-admission": "TASK_ADMISSION_",
    "grid": "GRID_",
    "enforcement": "ENFORCEMENT_",
    "evaluation": "EVALUATION_",
}


@dataclass(frozen=True)
class ServiceEntry:
    """Where a service's spec factory lives (`module:function` returning a ServiceSpec)."""

    name: str
    target: str

    def spec(self) -> ServiceSpec:
        module, _, attr = self.target.partition(":")
        factory = getattr(import_module(module), attr)
        spec: ServiceSpec = factory()
        return spec

    @property
    def app_target(self) -> str:
        """The uvicorn factory target of the service's app."""
        return self.target.partition(":")[0] + ":create_app"


def service(name: str) -> ServiceEntry:
    """The installed service of that name."""
    for ep in entry_points(group="grassroots.services"):
        if ep.name == name:
            return ServiceEntry(ep.name, ep.value)
    raise LookupError(f"service {name!r} is not installed (known: {', '.join(SERVICE_NAMES)})")
