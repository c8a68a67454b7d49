"""The fixtures come with grassroots-testkit (its `pytest11` entry point), not with the shared
library the services run on."""

from importlib.metadata import entry_points

import pytest


def test_the_plugin_is_the_test_kits() -> None:
    (plugin,) = [ep for ep in entry_points(group="pytest11") if ep.value.startswith("grassroots")]

    assert plugin.value == "grassroots.testkit.plugin"
    assert plugin.dist is not None and plugin.dist.name == "grassroots-testkit"


def test_pytest_loaded_it_with_its_fixtures(pytestconfig: pytest.Config) -> None:
    plugin = pytestconfig.pluginmanager.get_plugin("grassroots")

    assert plugin is not None and plugin.__name__ == "grassroots.testkit.plugin"
    for fixture in ("kafka_broker", "database_url", "sqlite_url", "grassroots_suite"):
        assert hasattr(plugin, fixture), fixture
