"""The error-code registry (`grassroots.common.codes`) is the one place a code is written.

- no source file writes a code as a literal: every code raised is a declared one (`ProblemError`
  and `Refusal` accept nothing else, so an undeclared code cannot reach a client);
- every declared code is used by the sources and asserted by at least one test, which makes the
  rule behind it fire;
- the READMEs' tables are what the registry generates (`make codes`).
"""

import ast
import re
from pathlib import Path

import pytest

from grassroots.common.codes import COMMON, REGISTRY, Code, of_service
from grassroots.common.docs import readme_with_codes
from grassroots.common.services import SERVICE_NAMES, service

ROOT = Path(__file__).resolve().parents[2]
CODE = re.compile(r"(E|AUTH)-[A-Z0-9]+(-[A-Z0-9]+)*")
SOURCES = [ROOT / "libs" / "common" / "src", *sorted((ROOT / "services").glob("*/src"))]
TESTS = [ROOT / "tests", *sorted(ROOT.glob("libs/*/tests")), *sorted(ROOT.glob("services/*/tests"))]


def _declared() -> dict[str, Code]:
    for name in SERVICE_NAMES:
        service(name).spec()  # importing a service declares its codes
    return {c: code for c, code in REGISTRY.items() if code.service in (COMMON, *SERVICE_NAMES)}


def _is_declarations(path: Path) -> bool:
    return path.name == "codes.py" and path.parent.name != "catalog"


def _python(roots: list[Path]) -> list[Path]:
    return [p for root in roots for p in sorted(root.rglob("*.py"))]


def test_no_source_writes_a_code_as_a_literal():
    written = [
        f"{path.relative_to(ROOT)}:{node.lineno} {node.value}"
        for path in _python(SOURCES)
        if not _is_declarations(path)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and CODE.fullmatch(node.value)
    ]
    assert not written, "declare these in a codes.py and import the constant:\n" + "\n".join(
        written
    )


def test_every_declared_code_is_used_by_the_sources():
    names: set[str] = set()
    for path in _python(SOURCES):
        if _is_declarations(path):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Name):
                names.add(node.id)
            elif isinstance(node, ast.alias):
                names.add(node.asname or node.name)
    unused = [c for c in _declared() if c.removeprefix("E-").replace("-", "_") not in names]
    assert not unused, f"declared but never raised: {unused}"


def test_every_declared_code_is_asserted_by_a_test():
    text = "\n".join(
        p.read_text(encoding="utf-8") for p in _python(TESTS) if p.name != Path(__file__).name
    )
    seen = {m.group(0) for m in re.finditer(r'"((?:E|AUTH)-[A-Z0-9-]+)"', text)}
    untested = sorted(c for c in _declared() if f'"{c}"' not in text)
    assert not untested, f"no test makes these codes fire: {untested}"
    assert seen  # the scan reads the tests at all


@pytest.mark.parametrize("name", [*SERVICE_NAMES, COMMON])
def test_readme_lists_the_codes(name):
    readme = ROOT / ("libs/common" if name == COMMON else f"services/{name}") / "README.md"
    text = readme.read_text(encoding="utf-8")
    assert text == readme_with_codes(text, name), "run `make codes` and commit the READMEs"


def test_a_code_has_one_status_and_a_message():
    for code in _declared().values():
        assert code.message and 200 <= code.status < 600, code
    assert len(of_service(COMMON)) > 0 and all(of_service(n) for n in SERVICE_NAMES)
