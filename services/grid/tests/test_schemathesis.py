"""Property-based run over grid's OpenAPI (schemathesis 4, in-process): no input yields a 5xx.

Positive and negative cases for every operation, sent with valid tokens of two roles.
"""

from gridtest_setup import COUNTY, admin, import_and_merge

from grassroots.common.testing.apps import auth
from grassroots.common.testing.fuzz import errors_not_problem_json, fuzz_openapi, server_errors


async def test_no_input_yields_a_server_error(grid):
    app, client = grid
    await import_and_merge(app, client)
    identities = [admin(app), auth(app.state.settings, "catalog_admin", org=COUNTY, county=COUNTY)]
    answers = await fuzz_openapi(app, client, identities, examples=12, negative=True)
    assert len({a.operation for a in answers}) >= 20
    assert server_errors(answers) == []
    assert errors_not_problem_json(answers) == []
    assert len(answers) > 200 and any(200 <= a.status < 300 for a in answers)
