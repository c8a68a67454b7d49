"""Property-based run over evaluation's OpenAPI (schemathesis 4, in-process): no input yields a 5xx."""

import contextlib

import httpx
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable

from grassroots.evaluation.testing import DEPT_A, TWP_A, token

EXAMPLES = 15


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


async def test_no_input_yields_a_server_error(evaluation):
    app, client = evaluation
    scheme = {
        "year": 2026,
        "direction": "department_rates_township",
        "indicators": [
            {
                "code": "work",
                "name": "评价",
                "weight": 100,
                "source": "rating",
                "duty_item_codes": ["T-B-001"],
            }
        ],
    }
    assert (
        await client.post("/v1/schemes", json=scheme, headers=token(app, "evaluator"))
    ).status_code == 201
    identities = [
        token(app, "evaluator"),
        token(app, "township_admin", org=TWP_A),
        token(app, "dept_submitter", org=DEPT_A, county=None),
        token(app, "auditor"),
    ]
    schema = schemathesis.openapi.from_dict(app.openapi())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 14
    failures, statuses = [], []
    for operation in operations:
        for n, case in enumerate(_cases(operation)):
            response = await _send(client, case, identities[n % len(identities)])
            statuses.append(response.status_code)
            if response.status_code >= 500:
                failures.append((operation.label, response.status_code, response.text[:300]))
    assert failures == []
    assert len(statuses) > 100 and any(200 <= s < 300 for s in statuses)
