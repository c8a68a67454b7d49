"""The committed API documents are what the code generates (`make openapi asyncapi` rewrites them)."""

import json
from pathlib import Path

import pytest

from grassroots.common.docs import (
    asyncapi_text,
    authorization_markdown,
    openapi_document,
    readme_with_lifecycles,
)
from grassroots.common.services import SERVICE_NAMES

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"


def test_asyncapi_document_is_current():
    committed = (DOCS / "asyncapi.yaml").read_text(encoding="utf-8")
    assert committed == asyncapi_text(), "run `make asyncapi` and commit docs/asyncapi.yaml"


@pytest.mark.parametrize("name", SERVICE_NAMES)
def test_openapi_document_is_current(name):
    committed = json.loads((DOCS / "openapi" / f"{name}.json").read_text(encoding="utf-8"))
    assert committed == openapi_document(name), "run `make openapi` and commit docs/openapi/"


@pytest.mark.parametrize("name", SERVICE_NAMES)
def test_openapi_documents_errors_and_security(name):
    document = openapi_document(name)
    assert document["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    assert {"/livez", "/readyz", "/metrics", "/v1/me"} <= set(document["paths"])


@pytest.mark.parametrize("name", SERVICE_NAMES)
def test_readme_state_diagrams_are_drawn_from_the_tables(name):
    readme = (ROOT / "services" / name / "README.md").read_text(encoding="utf-8")
    assert readme == readme_with_lifecycles(readme, name), "run `make lifecycles` and commit"


@pytest.mark.parametrize("name", SERVICE_NAMES)
def test_every_route_declares_who_may_call_it(name):
    undeclared = [
        f"{method.upper()} {path}"
        for path, operations in openapi_document(name)["paths"].items()
        for method, operation in operations.items()
        if "x-access" not in operation
    ]
    assert not undeclared, f"routes without an Access declaration: {undeclared}"


def test_authorization_table_is_current():
    committed = (DOCS / "authorization.md").read_text(encoding="utf-8")
    assert committed == authorization_markdown(), "run `make authorization` and commit"
