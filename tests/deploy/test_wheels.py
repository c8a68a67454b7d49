"""What the image installs, as built: the wheels of grassroots-common and the four services hold
no test kit, no demo data and no dev stack (grassroots-testkit and grassroots-dev hold those, and
the image installs neither), register no pytest plugin, and import neither at run time."""

from __future__ import annotations

import ast
import configparser
import importlib.util
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]
IMAGE = {
    "grassroots-common": "libs/common",
    "grassroots-task-admission": "services/task-admission",
    "grassroots-grid": "services/grid",
    "grassroots-enforcement": "services/enforcement",
    "grassroots-evaluation": "services/evaluation",
}
NOT_IN_THE_IMAGE = {"grassroots-dev": "libs/dev", "grassroots-testkit": "libs/testkit"}
FORBIDDEN = ("grassroots.testkit", "grassroots.dev")
# a test or dev module by its name, wherever it sits in a package
DEV_OR_TEST_MODULE = re.compile(r"/(testing|demo[^/]*|devstack)(/|\.py$)")

Wheel = dict[str, bytes]  # file name in the wheel -> content


@pytest.fixture(scope="module")
def wheels(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Wheel]:
    """The five wheels as the Dockerfile's `pip install` builds them (no deps, no isolation)."""
    out = tmp_path_factory.mktemp("wheels")
    build = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation"]
    subprocess.run(
        [*build, "-w", str(out), *(str(REPO / path) for path in IMAGE.values())],
        check=True,
        capture_output=True,
        timeout=120,
    )
    built: dict[str, Wheel] = {}
    for path in sorted(out.glob("*.whl")):
        with zipfile.ZipFile(path) as wheel:
            name = path.name.split("-")[0].replace("_", "-")
            built[name] = {info.filename: wheel.read(info) for info in wheel.infolist()}
    assert sorted(built) == sorted(IMAGE)
    return built


def modules(wheel: Wheel) -> dict[str, bytes]:
    return {name: data for name, data in wheel.items() if name.endswith(".py")}


def imported(source: bytes, filename: str) -> set[str]:
    """Every module a file imports (at any depth, lazily or not), and every dotted string naming a
    grassroots module (an import_module or entry-point target)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and node.value.startswith("grassroots.")
        ):
            names.add(node.value.partition(":")[0])
    return names


def forbidden(name: str) -> bool:
    return any(name == package or name.startswith(f"{package}.") for package in FORBIDDEN)


def test_no_file_of_the_test_kit_or_the_dev_distribution_is_in_any_wheel(
    wheels: dict[str, Wheel],
) -> None:
    for dist, wheel in wheels.items():
        strays = [n for n in wheel if n.startswith(("grassroots/testkit/", "grassroots/dev/"))]
        assert strays == [], dist


def test_no_testing_demo_or_devstack_module_is_left(wheels: dict[str, Wheel]) -> None:
    for dist, wheel in wheels.items():
        assert [name for name in wheel if DEV_OR_TEST_MODULE.search(name)] == [], dist
        assert [name for name in wheel if "/tests/" in name] == [], dist


def test_no_wheel_registers_a_pytest_plugin_or_the_dev_stack(wheels: dict[str, Wheel]) -> None:
    for dist, wheel in wheels.items():
        (entry_points,) = [n for n in wheel if n.endswith(".dist-info/entry_points.txt")]
        parsed = configparser.ConfigParser(interpolation=None)
        parsed.read_string(wheel[entry_points].decode("utf-8"))

        assert "pytest11" not in parsed.sections(), dist
        for section in parsed.sections():
            for script, target in parsed[section].items():
                assert not forbidden(target.partition(":")[0].strip()), (dist, script)
        scripts = parsed.options("console_scripts") if parsed.has_section("console_scripts") else []
        assert "grassroots-stack" not in scripts, dist


def test_no_runtime_module_imports_the_test_kit_or_the_dev_distribution(
    wheels: dict[str, Wheel],
) -> None:
    for dist, wheel in wheels.items():
        found = {
            (name, target)
            for name, source in modules(wheel).items()
            for target in imported(source, name)
            if forbidden(target)
        }
        assert found == set(), dist


def test_the_scan_would_see_such_an_import() -> None:
    source = b"import grassroots.dev.harness\nfrom grassroots import testkit\n"
    lazy = b"def f():\n    from grassroots.dev.demo_catalog import demo_catalog\n"

    assert {"grassroots.dev.harness", "grassroots.testkit"} <= imported(source, "x.py")
    assert any(forbidden(name) for name in imported(lazy, "y.py"))
    assert forbidden("grassroots.testkit.plugin") and not forbidden("grassroots.devices")


def test_the_dockerfile_and_its_context_name_only_the_image_distributions() -> None:
    dockerfile = (REPO / "deploy/docker/Dockerfile").read_text(encoding="utf-8")
    ignore = (REPO / ".dockerignore").read_text(encoding="utf-8")
    named = set(re.findall(r"\b(?:libs|services)/[a-z-]+", dockerfile))
    context = {
        line[1:].rstrip("/")
        for line in ignore.splitlines()
        if line.startswith("!") and line[1:].startswith(("libs/", "services/"))
    }

    assert named == context == set(IMAGE.values())
    for left_out in (*NOT_IN_THE_IMAGE, *NOT_IN_THE_IMAGE.values(), "grassroots-stack"):
        assert left_out not in dockerfile, left_out


def test_the_chart_names_neither_distribution() -> None:
    # (the chart's own helpers are named grassroots.<something>: only whole names count)
    left_out = re.compile(r"\bgrassroots[.-](dev|testkit|stack)\b(?![\w-])")
    for path in (REPO / "deploy/helm").rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            assert not left_out.search(text), path.relative_to(REPO)


def load_check_install() -> ModuleType:
    path = REPO / "deploy/docker/check_install.py"
    spec = importlib.util.spec_from_file_location("check_install", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_image_build_refuses_a_venv_holding_either(capsys: pytest.CaptureFixture[str]) -> None:
    """This venv has both (the tests need them), so the image's check fails on it."""
    check_install = load_check_install()

    assert sorted(check_install.leftovers()) == sorted(FORBIDDEN)
    assert check_install.main() == 1
    assert "must not be in the image" in capsys.readouterr().out
