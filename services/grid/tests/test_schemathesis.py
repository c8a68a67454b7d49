"""Property-based run over grid's OpenAPI (schemathesis 4, in-process): no input yields a 5xx.

Positive and negative cases for every operation, sent with valid tokens of two roles. Refusals are
problem+json, except on the Open311 routes, which answer the GeoReport v2 error array.
"""

import json
from xml.etree import ElementTree as ET

from gridtest_setup import COUNTY, admin, import_and_merge

from grassroots.testkit.apps import auth
from grassroots.testkit.fuzz import errors_not_problem_json, fuzz_openapi, server_errors


async def test_no_input_yields_a_server_error(grid):
    app, client = grid
    await import_and_merge(app, client)
    identities = [admin(app), auth(app.state.settings, "catalog_admin", org=COUNTY, county=COUNTY)]
    answers = await fuzz_openapi(app, client, identities, examples=12, negative=True)
    assert len({a.operation for a in answers}) >= 20
    assert server_errors(answers) == []
    open311 = [a for a in answers if "/open311/" in a.operation]
    assert open311 and errors_not_problem_json([a for a in answers if a not in open311]) == []
    for answer in (a for a in open311 if 400 <= a.status < 500):
        assert answer.status in (400, 403, 404), answer
        if answer.content_type.startswith("application/json"):
            assert [set(e) for e in json.loads(answer.body)] == [{"code", "description"}], answer
        else:
            assert answer.content_type.startswith("text/xml"), answer
            assert ET.fromstring(answer.body).findtext("error/code") == str(answer.status)
    assert len(answers) > 200 and any(200 <= a.status < 300 for a in answers)
