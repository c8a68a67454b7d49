"""Property-based run over task-admission's OpenAPI (schemathesis 4, in-process): never a 5xx."""

import contextlib

import httpx
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable

EXAMPLES = 15
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@schemathesis.serializer(XLSX)
def _xlsx(ctx, value) -> bytes:
    """Arbitrary bytes as a workbook upload (the parser must refuse them with a 422)."""
    return value if isinstance(value, bytes) else str(value).encode()


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
    kwargs.pop("timeout", None)
    kwargs.pop("allow_redirects", None)
    method, url = kwargs.pop("method"), kwargs.pop("url")
    if isinstance(kwargs.get("data"), bytes | str):
        kwargs["content"] = kwargs.pop("data")
    allowed = ("params", "headers", "json", "content", "data")
    return await client.request(method, url, **{k: v for k, v in kwargs.items() if k in allowed})


async def test_no_input_yields_a_server_error(api):
    app, client, h = api
    created = await client.post("/v1/demands", json=h.basic_task(), headers=h.dept())
    assert created.status_code == 201
    schema = schemathesis.openapi.from_dict(app.openapi())
    identities = [
        h.dept(),
        h.reviewer(),
        h.township(),
        h.village(),
        h.role("catalog_admin", h.COUNTY, county=h.COUNTY),
        h.auditor(),
    ]
    failures, statuses = [], []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 18
    for operation in operations:
        for n, case in enumerate(_cases(operation)):
            response = await _send(client, case, identities[n % len(identities)])
            statuses.append(response.status_code)
            if response.status_code >= 500:
                failures.append((operation.label, response.status_code, response.text[:300]))
            elif response.status_code >= 400:
                assert response.headers["content-type"].startswith("application/problem+json"), (
                    operation.label,
                    response.text[:200],
                )
    assert failures == []
    assert len(statuses) > 150 and any(200 <= s < 300 for s in statuses)
