"""Property-based run over grid's OpenAPI (schemathesis 4, in-process): no input yields a 5xx.

Positive and negative cases for every operation, sent with valid tokens of two roles.
"""

import contextlib

import httpx
import schemathesis
from gridtest_setup import COUNTY, admin, import_and_merge
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from grassroots.common.testing.apps import auth

EXAMPLES = 12


def _cases(operation, mode):
    cases = []

    @given(operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
    )
    def collect(case):
        cases.append(case)

    with contextlib.suppress(Unsatisfiable):
        collect()
    return cases


async def _send(client: httpx.AsyncClient, case, headers):
    kwargs = case.as_transport_kwargs(base_url="http://test", headers=headers)
    kwargs.pop("timeout", None)
    kwargs.pop("allow_redirects", None)
    method, url = kwargs.pop("method"), kwargs.pop("url")
    return await client.request(
        method,
        url,
        **{
            k: v
            for k, v in kwargs.items()
            if k in ("params", "headers", "json", "content", "data", "cookies")
        },
    )


async def test_no_input_yields_a_server_error(grid):
    app, client = grid
    await import_and_merge(app, client)
    schema = schemathesis.openapi.from_dict(app.openapi())
    identities = [admin(app), auth(app.state.settings, "catalog_admin", org=COUNTY, county=COUNTY)]
    failures = []
    statuses: list[int] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20
    for operation in operations:
        cases = [
            *_cases(operation, GenerationMode.POSITIVE),
            *_cases(operation, GenerationMode.NEGATIVE),
        ]
        for n, case in enumerate(cases):
            response = await _send(client, case, identities[n % len(identities)])
            statuses.append(response.status_code)
            if response.status_code >= 500:
                failures.append((operation.label, response.status_code, response.text[:300]))
    assert failures == []
    assert len(statuses) > 200 and any(200 <= s < 300 for s in statuses)
