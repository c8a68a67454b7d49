"""Fixtures of the chart tests: the chart rendered offline by a real Helm engine, no cluster.

`helm_python` (the helm-python-sdk wheel) bundles Helm v4: `Chart.render` returns
{template path: manifest text} and validates values against values.schema.json first.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import helm_python as helm
import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
CHART_DIR = REPO / "deploy" / "helm" / "grassroots"
PRODUCTION_VALUES = CHART_DIR / "values-production.example.yaml"

RELEASE = "grassroots"
NAMESPACE = "county-test"

# The contract: service name -> port and environment prefix.
SERVICES = {
    "task-admission": (8001, "TASK_ADMISSION_"),
    "grid": (8002, "GRID_"),
    "enforcement": (8003, "ENFORCEMENT_"),
    "evaluation": (8004, "EVALUATION_"),
}


@dataclass
class Release:
    """One offline render: every manifest parsed, with lookups by kind and name."""

    values: dict[str, Any]
    files: dict[str, str]
    docs: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        for path, text in sorted(self.files.items()):
            if path.endswith("NOTES.txt"):
                continue
            self.docs += [doc for doc in yaml.safe_load_all(text) if doc]

    @property
    def notes(self) -> str:
        return next(text for path, text in self.files.items() if path.endswith("NOTES.txt"))

    @property
    def enabled(self) -> list[str]:
        merged = self.values["services"]
        return sorted(name for name, svc in merged.items() if svc["enabled"])

    def kind(self, kind: str) -> list[dict[str, Any]]:
        return [doc for doc in self.docs if doc["kind"] == kind]

    def get(self, kind: str, name: str) -> dict[str, Any]:
        found = [doc for doc in self.kind(kind) if doc["metadata"]["name"] == name]
        assert len(found) == 1, f"{kind}/{name}: found {len(found)}"
        return found[0]

    def find(self, kind: str, name: str) -> dict[str, Any] | None:
        found = [doc for doc in self.kind(kind) if doc["metadata"]["name"] == name]
        return found[0] if found else None

    @staticmethod
    def name_of(service: str) -> str:
        """The name of a service's Deployment, Service, ConfigMap… in this release."""
        return f"{RELEASE}-{service}"

    def container(self, kind: str, name: str) -> dict[str, Any]:
        """The only container of a Deployment, Job or Pod."""
        doc = self.get(kind, name)
        spec = doc["spec"] if kind == "Pod" else doc["spec"]["template"]["spec"]
        (only,) = spec["containers"]
        result: dict[str, Any] = only
        return result

    @staticmethod
    def env(container: dict[str, Any]) -> dict[str, dict[str, Any]]:
        """A container's env entries by name."""
        return {entry["name"]: entry for entry in container.get("env", [])}

    def pod_specs(self) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
        """(object, pod spec) of every Deployment, Job and bare Pod."""
        for doc in self.docs:
            if doc["kind"] in ("Deployment", "Job"):
                yield doc, doc["spec"]["template"]["spec"]
            elif doc["kind"] == "Pod":
                yield doc, doc["spec"]


def load_yaml(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


@pytest.fixture(scope="session")
def services() -> dict[str, tuple[int, str]]:
    """The contract: service name -> (port, environment prefix)."""
    return dict(SERVICES)


@pytest.fixture(scope="session")
def chart_dir() -> Path:
    return CHART_DIR


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def chart() -> Iterator[helm.Chart]:
    with helm.Chart.load(CHART_DIR) as loaded:
        yield loaded


@pytest.fixture(scope="session")
def production_values() -> dict[str, Any]:
    return load_yaml(PRODUCTION_VALUES)


@pytest.fixture(scope="session")
def render(chart: helm.Chart) -> Callable[..., Release]:
    """render(values, **options) -> Release, with the chart's defaults merged in."""

    def _render(values: dict[str, Any] | None = None, **options: Any) -> Release:
        given = copy.deepcopy(values or {})
        files = chart.render(given, name=RELEASE, namespace=NAMESPACE, **options)
        return Release(values=chart.merge_values(given), files=files)

    return _render


@pytest.fixture(scope="session")
def default_release(render: Callable[..., Release]) -> Release:
    return render({})


@pytest.fixture(scope="session")
def production_release(
    render: Callable[..., Release], production_values: dict[str, Any]
) -> Release:
    return render(production_values, is_upgrade=True)


@pytest.fixture(scope="session", params=["default", "production"])
def release(request: pytest.FixtureRequest) -> Release:
    """Both renders the issue names: default values and the production example."""
    fixture = f"{request.param}_release"
    result: Release = request.getfixturevalue(fixture)
    return result


@pytest.fixture(scope="session", params=["default", "production"])
def given_values(
    request: pytest.FixtureRequest, production_values: dict[str, Any]
) -> dict[str, Any]:
    """The values files as given (before the chart's defaults): {} and the production example."""
    return production_values if request.param == "production" else {}
