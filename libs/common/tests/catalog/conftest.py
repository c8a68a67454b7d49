"""Fixtures of the catalog tests: a fresh copy of the demo county's import document."""

from typing import Any

import pytest

from grassroots.dev.demo_catalog import demo_catalog


@pytest.fixture
def demo_doc() -> dict[str, Any]:
    """A new demo document, free to break."""
    return demo_catalog()
