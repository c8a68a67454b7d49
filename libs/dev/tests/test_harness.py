"""The harness's table of ports and environment prefixes is what each service's own settings
declare (production reads those; only `make run` and the tests read the table)."""

import pytest

from grassroots.common.services import SERVICE_NAMES, service
from grassroots.dev.harness import ENV_PREFIXES, PORTS


@pytest.mark.parametrize("name", SERVICE_NAMES)
def test_ports_and_prefixes_are_the_services_own(name: str) -> None:
    settings = type(service(name).spec().settings)

    assert settings.model_config["env_prefix"] == ENV_PREFIXES[name]
    assert settings.model_fields["port"].default == PORTS[name]


def test_the_table_names_every_service_once() -> None:
    assert tuple(PORTS) == tuple(ENV_PREFIXES) == SERVICE_NAMES
    assert len(set(PORTS.values())) == len(PORTS)
