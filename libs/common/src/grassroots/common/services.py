"""The services of the suite, found through the `grassroots.services` entry points.

`SERVICE_NAMES` is what `grassroots-serve` / `grassroots-migrate` accept and what the generated
documents cover; each service's own settings declare its port and environment prefix (the dev
stack's and the tests' table of them is `grassroots.dev.harness`).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from importlib.metadata import entry_points

from grassroots.common.app.runtime import ServiceSpec

SERVICE_NAMES = ("task-admission", "grid", "enforcement", "evaluation")


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
