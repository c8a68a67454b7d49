"""Every service's tree follows CONTRIBUTING.md ("A domain: the same files in every service"): the
root holds only its composition, a domain its role files, and only repositories hold the SQL."""

import ast
from pathlib import Path

import pytest

from grassroots.common.services import SERVICE_NAMES

ROOT = Path(__file__).resolve().parents[2]
ROOT_MODULES = {"__init__", "main", "settings", "codes", "access", "roles", "policy", "money"}
ROOT_MODULES |= {"replay_cli", "periodic"}
# the other spellings of a role file: one name for each kind of code
NOT_THESE = {
    "export": "exports",
    "overdue": "scans",
    "scan": "scans",
    "routes": "router",
    "schema": "schemas",
    "model": "models",
    "repositories": "repository",
    "rule": "rules",
    "handlers": "consumers",
}


def _package(name: str) -> Path:
    return ROOT / "services" / name / "src" / "grassroots" / name.replace("-", "_")


@pytest.mark.parametrize("name", SERVICE_NAMES)
def test_a_service_root_holds_only_its_composition(name):
    extra = {p.stem for p in _package(name).glob("*.py")} - ROOT_MODULES
    assert not extra, f"move into a domain folder, or name it in CONTRIBUTING.md: {extra}"


@pytest.mark.parametrize("name", SERVICE_NAMES)
def test_each_domain_uses_the_role_file_names(name):
    domains = [d for d in _package(name).iterdir() if (d / "__init__.py").exists()]
    assert domains
    for domain in domains:
        stems = {p.stem for p in domain.glob("*.py")}
        assert "router" in stems, f"{domain.name} has no router.py"
        wrong = {s: NOT_THESE[s] for s in stems & NOT_THESE.keys()}
        assert not wrong, f"{name}/{domain.name}: rename {wrong}"
        if "models" in stems:
            assert "repository" in stems, f"{name}/{domain.name}: its rows need a repository.py"


@pytest.mark.parametrize("name", SERVICE_NAMES)
def test_repositories_hold_the_sql(name):
    """Only a domain's repository.py (and its models.py, and the migrations) import SQLAlchemy;
    everything else may name a session's type, nothing more."""
    allowed = {"repository", "models"}
    found = []
    for path in _package(name).rglob("*.py"):
        if path.stem in allowed or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sqlalchemy"):
                names = {a.name for a in node.names}
                if node.module != "sqlalchemy.ext.asyncio" or names - {"AsyncSession"}:
                    found.append(f"{path.relative_to(ROOT)}: from {node.module} import {names}")
            elif isinstance(node, ast.Import):
                found += [
                    f"{path.relative_to(ROOT)}: import {a.name}"
                    for a in node.names
                    if a.name.startswith("sqlalchemy")
                ]
    assert not found, "move the SQL into the domain's repository.py:\n" + "\n".join(found)
