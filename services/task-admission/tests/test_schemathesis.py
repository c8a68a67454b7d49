"""Property-based run over task-admission's OpenAPI (schemathesis 4, in-process): never a 5xx."""

from grassroots.testkit.fuzz import errors_not_problem_json, fuzz_openapi, server_errors


async def test_no_input_yields_a_server_error(api):
    app, client, h = api
    created = await client.post("/v1/demands", json=h.basic_task(), headers=h.dept())
    assert created.status_code == 201
    identities = [
        h.dept(),
        h.reviewer(),
        h.township(),
        h.village(),
        h.role("catalog_admin", h.COUNTY, county=h.COUNTY),
        h.auditor(),
    ]
    answers = await fuzz_openapi(app, client, identities, examples=15)
    assert len({a.operation for a in answers}) >= 18
    assert server_errors(answers) == []
    assert errors_not_problem_json(answers) == []
    assert len(answers) > 150 and any(200 <= a.status < 300 for a in answers)
