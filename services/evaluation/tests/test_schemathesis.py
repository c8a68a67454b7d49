"""Property-based run over evaluation's OpenAPI (schemathesis 4, in-process): no input yields a 5xx."""

from evaluationtest_support import DEPT_A, TWP_A, token

from grassroots.testkit.fuzz import errors_not_problem_json, fuzz_openapi, server_errors


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
    answers = await fuzz_openapi(app, client, identities, examples=15)
    assert len({a.operation for a in answers}) >= 14
    assert server_errors(answers) == []
    assert errors_not_problem_json(answers) == []
    assert len(answers) > 100 and any(200 <= a.status < 300 for a in answers)
