"""values.schema.json refuses bad values files with a message naming the key and the rule."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import helm_python as helm
import pytest
import yaml

BAD_VALUES = sorted((Path(__file__).parent / "bad_values").glob("*.yaml"))


def expectation(path: Path) -> str:
    """The message a bad values file must produce, from its `# expect:` first line."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# expect: "), f"{path.name}: first line must be '# expect: …'"
    return first.removeprefix("# expect: ")


def test_the_schema_covers_the_cases_the_issue_names() -> None:
    names = {path.stem for path in BAD_VALUES}

    assert {"image-repository-missing", "replicas-as-words", "unknown-service"} <= names


def test_good_values_pass(chart: helm.Chart, given_values: dict[str, Any]) -> None:
    chart.validate_schema(given_values)


@pytest.mark.parametrize("path", BAD_VALUES, ids=lambda p: p.stem)
def test_bad_values_are_refused_with_a_clear_message(chart: helm.Chart, path: Path) -> None:
    values = yaml.safe_load(path.read_text(encoding="utf-8"))

    with pytest.raises(helm.HelmValuesError) as refused:
        chart.validate_schema(values)

    assert expectation(path) in str(refused.value)


@pytest.mark.parametrize("path", BAD_VALUES, ids=lambda p: p.stem)
def test_bad_values_stop_render_and_fail_lint(
    chart: helm.Chart, chart_dir: Path, path: Path
) -> None:
    values = yaml.safe_load(path.read_text(encoding="utf-8"))

    with pytest.raises(helm.HelmValuesError, match="values don't meet the specifications"):
        chart.render(values, name="grassroots", namespace="county-test")
    report = helm.lint(chart_dir, values)
    assert any(expectation(path) in error for error in report["errors"]), report["errors"]
