"""Property-based run over enforcement's OpenAPI (schemathesis 4, in-process): no 5xx for any input."""

import contextlib

import httpx
import schemathesis
from enforcementtest_factories import Actors, open_case
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable

EXAMPLES = 25


def _cases(operation):
    cases = []

    @given(operation.as_strategy())
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
    method, url = kwargs.pop("method"), kwargs.pop("url")
    allowed = ("params", "headers", "json", "content", "data")
    return await client.request(method, url, **{k: v for k, v in kwargs.items() if k in allowed})


async def test_no_input_yields_a_server_error(staffed):
    app, client, actors, officers = staffed
    real = await open_case(client, actors, officers=officers)
    await client.post(f"/v1/cases/{real['id']}/file", json={}, headers=actors.supervisor)
    identities = [actors.supervisor, actors.officer("zhang"), Actors(app).auditor]
    schema = schemathesis.openapi.from_dict(app.openapi())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 18
    failures, statuses = [], []
    for operation in operations:
        for n, case in enumerate(_cases(operation)):
            if case.path_parameters and "case_id" in case.path_parameters and n % 2:
                case.path_parameters["case_id"] = real["id"]
            if case.query and "township" in case.query and n % 2:
                case.query["township"] = actors.township
            response = await _send(client, case, identities[n % len(identities)])
            statuses.append(response.status_code)
            if response.status_code >= 500:
                failures.append((operation.label, response.status_code, response.text[:300]))
    assert failures == []
    assert len(statuses) > 200 and any(200 <= s < 300 for s in statuses)
