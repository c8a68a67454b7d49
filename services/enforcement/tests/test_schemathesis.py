"""Property-based run over enforcement's OpenAPI (schemathesis 4, in-process): no 5xx for any input."""

from enforcementtest_factories import Actors, open_case

from grassroots.testkit.fuzz import errors_not_problem_json, fuzz_openapi, server_errors


async def test_no_input_yields_a_server_error(staffed):
    app, client, actors, officers = staffed
    real = await open_case(client, actors, officers=officers)
    await client.post(f"/v1/cases/{real['id']}/file", json={}, headers=actors.supervisor)
    identities = [actors.supervisor, actors.officer("zhang"), Actors(app).auditor]

    def prepare(case, n: int) -> None:
        if case.path_parameters and "case_id" in case.path_parameters and n % 2:
            case.path_parameters["case_id"] = real["id"]
        if case.query and "township" in case.query and n % 2:
            case.query["township"] = actors.township

    answers = await fuzz_openapi(app, client, identities, examples=25, prepare=prepare)
    assert len({a.operation for a in answers}) >= 18
    assert server_errors(answers) == []
    assert errors_not_problem_json(answers) == []
    assert len(answers) > 200 and any(200 <= a.status < 300 for a in answers)
