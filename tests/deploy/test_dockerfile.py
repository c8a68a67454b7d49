"""The image: multi-stage, built from requirements.lock and the five distributions, a slim final
stage without compilers that runs as a non-root user with a /livez HEALTHCHECK."""

from __future__ import annotations

import importlib.util
import re
import shlex
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
DOCKER_DIR = REPO / "deploy" / "docker"
DISTRIBUTIONS = [
    "libs/common",
    "services/task-admission",
    "services/grid",
    "services/enforcement",
    "services/evaluation",
]
COMPILERS = re.compile(r"\b(build-essential|gcc|g\+\+|clang|make|cmake|cc|libc6-dev|python3-dev)\b")


@dataclass
class Stage:
    base: str
    name: str
    instructions: list[tuple[str, str]] = field(default_factory=list)

    def args_of(self, instruction: str) -> list[str]:
        return [args for kind, args in self.instructions if kind == instruction]


def instructions(text: str) -> Iterator[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    pending = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        logical, pending = pending + line, ""
        keyword, _, rest = logical.partition(" ")
        yield keyword.upper(), rest.strip()


def parse(text: str) -> list[Stage]:
    """The stages of a Dockerfile, their FROM resolved with the global ARG defaults."""
    global_args: dict[str, str] = {}
    stages: list[Stage] = []
    for keyword, rest in instructions(text):
        if keyword == "ARG" and not stages:
            name, _, default = rest.partition("=")
            global_args[name] = default.strip('"')
        elif keyword == "FROM":
            words = rest.split()
            base = re.sub(r"\$\{(\w+)\}", lambda m: global_args[m.group(1)], words[0])
            name = words[2] if len(words) == 3 and words[1].upper() == "AS" else str(len(stages))
            stages.append(Stage(base=base, name=name))
        elif stages:
            stages[-1].instructions.append((keyword, rest))
    return stages


@pytest.fixture(scope="module")
def stages() -> list[Stage]:
    return parse((DOCKER_DIR / "Dockerfile").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def builder(stages: list[Stage]) -> Stage:
    return stages[0]


@pytest.fixture(scope="module")
def final(stages: list[Stage]) -> Stage:
    return stages[-1]


def test_two_stages_on_the_same_slim_python(stages: list[Stage]) -> None:
    assert len(stages) == 2
    assert {stage.base for stage in stages} == {"python:3.11-slim"}


def test_builder_makes_a_venv_from_the_lock_and_the_five_distributions(builder: Stage) -> None:
    runs = " && ".join(builder.args_of("RUN"))

    assert "python -m venv /opt/grassroots" in runs
    assert "pip install -r requirements.lock" in runs
    install = next(cmd for cmd in runs.split(" && ") if "--no-deps" in cmd)
    assert [word for word in shlex.split(install) if "/" in word] == DISTRIBUTIONS
    assert "pip check" in runs
    assert "check_install.py" in runs


def test_the_dev_only_packages_removed_from_the_image_are_pinned_in_the_lock(
    builder: Stage,
) -> None:
    (declared,) = [a for a in builder.args_of("ARG") if a.startswith("DEV_ONLY_PACKAGES=")]
    dev_only = {name.lower() for name in declared.partition("=")[2].strip('"').split()}
    lock = (REPO / "requirements.lock").read_text(encoding="utf-8")
    pinned = {line.split("==")[0].lower() for line in lock.splitlines() if "==" in line}

    assert dev_only <= pinned
    assert not dev_only & {"fastapi", "uvicorn", "sqlalchemy", "asyncpg", "alembic", "aiokafka"}


def test_final_stage_runs_as_a_non_root_user(final: Stage) -> None:
    users = final.args_of("USER")

    assert users, "no USER in the final stage"
    user = users[-1].split(":")[0]
    assert user not in {"root", "0"}
    assert "useradd" in " ".join(final.args_of("RUN"))


def test_final_stage_copies_the_venv_and_installs_nothing(final: Stage, builder: Stage) -> None:
    copies = final.args_of("COPY")
    runs = " ".join(final.args_of("RUN"))

    assert f"--from={builder.name} /opt/grassroots /opt/grassroots" in copies
    assert "pip install" not in runs
    assert "apt-get install" not in runs
    assert not COMPILERS.search(runs)


def test_final_stage_health_checks_livez_and_starts_the_service(final: Stage) -> None:
    (healthcheck,) = final.args_of("HEALTHCHECK")
    (command,) = final.args_of("CMD")

    assert "CMD" in healthcheck and "grassroots-healthcheck" in healthcheck
    script = (DOCKER_DIR / "healthcheck.py").read_text(encoding="utf-8")
    assert "/livez" in script and "urllib.request" in script
    assert command == '["grassroots-serve"]'
    assert any(env.startswith("PATH=/opt/grassroots/bin") for env in final.args_of("ENV"))


def test_every_copied_source_exists_and_is_in_the_build_context(stages: list[Stage]) -> None:
    ignore = (REPO / ".dockerignore").read_text(encoding="utf-8").splitlines()
    included = [line[1:].rstrip("/") for line in ignore if line.startswith("!")]

    patterns = [line for line in ignore if line and not line.startswith("#")]
    assert patterns[0] == "*", "the context is a whitelist: exclude everything first"
    for stage in stages:
        for copy in stage.args_of("COPY"):
            if "--from=" in copy:
                continue
            source = next(word for word in copy.split() if not word.startswith("--"))
            assert (REPO / source).exists(), source
            assert any(source == inc or source.startswith(f"{inc}/") for inc in included), source


def test_dockerignore_keeps_local_state_out(repo: Path) -> None:
    lines = set((repo / ".dockerignore").read_text(encoding="utf-8").splitlines())

    assert {"*", "**/__pycache__", "**/tests", "**/.env"} <= lines
    assert not any(line.startswith("!") and (".venv" in line or ".git" in line) for line in lines)


# The health check script itself, against a local HTTP server.


def load_healthcheck() -> ModuleType:
    spec = importlib.util.spec_from_file_location("healthcheck", DOCKER_DIR / "healthcheck.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def server() -> Iterator[tuple[int, dict[str, int]]]:
    """A local server answering GET with the status set in the returned dict per path."""
    statuses: dict[str, int] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(statuses.get(self.path, 404))
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    httpd = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1], statuses
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize(("status", "exit_code"), [(200, 0), (503, 1)])
def test_healthcheck_probes_livez_on_the_service_port(
    server: tuple[int, dict[str, int]], monkeypatch: pytest.MonkeyPatch, status: int, exit_code: int
) -> None:
    port, statuses = server
    statuses["/livez"] = status
    monkeypatch.setenv("GRASSROOTS_SERVICE", "grid")
    monkeypatch.setenv("GRID_PORT", str(port))

    assert load_healthcheck().main(["grassroots-healthcheck"]) == exit_code


def test_healthcheck_takes_the_readyz_url_of_helm_test(
    server: tuple[int, dict[str, int]],
) -> None:
    port, statuses = server
    statuses["/readyz"] = 200
    healthcheck = load_healthcheck()

    assert healthcheck.main(["h", f"http://127.0.0.1:{port}/readyz"]) == 0
    assert healthcheck.main(["h", f"http://127.0.0.1:{port}/nothing"]) == 1


def test_helm_test_pods_run_the_probe_script_where_the_image_puts_it(
    final: Stage, default_release: Any
) -> None:
    (copy,) = [c for c in final.args_of("COPY") if "healthcheck.py" in c]
    destination = copy.split()[-1]

    for pod in default_release.kind("Pod"):
        (container,) = pod["spec"]["containers"]
        assert container["command"][:2] == ["python", destination]
