"""Authorization per endpoint (DESIGN §1): who is refused, and without a token nobody gets in."""

import pytest

REFUSED = [
    # (method, path template, roles that must get 403)
    ("POST", "/v1/catalog/versions", ["dept_submitter", "admission_reviewer", "auditor"]),
    (
        "POST",
        "/v1/demands",
        ["township_admin", "village_operator", "admission_reviewer", "auditor"],
    ),
    (
        "POST",
        "/v1/demands/{id}/review",
        ["dept_submitter", "township_admin", "village_operator", "auditor"],
    ),
    ("POST", "/v1/demands/{id}/resubmit", ["admission_reviewer", "township_admin", "auditor"]),
    ("POST", "/v1/demands/{id}/withdraw", ["admission_reviewer", "village_operator", "auditor"]),
    (
        "POST",
        "/v1/demands/{id}/dispatch",
        ["dept_submitter", "village_operator", "admission_reviewer", "auditor"],
    ),
    ("POST", "/v1/demands/{id}/receipts", ["dept_submitter", "admission_reviewer", "auditor"]),
    ("POST", "/v1/demands/{id}/completion", ["dept_submitter", "admission_reviewer", "auditor"]),
    ("POST", "/v1/complaints", ["dept_submitter", "admission_reviewer", "auditor"]),
    (
        "POST",
        "/v1/complaints/{cid}/ruling",
        ["dept_submitter", "township_admin", "village_operator", "auditor"],
    ),
    ("PUT", "/v1/policies/admission", ["dept_submitter", "township_admin", "auditor"]),
    ("GET", "/v1/burden?org=990101101000&period=2026-11", ["dept_submitter"]),
    ("GET", "/v1/demands", ["grid_worker"]),
]
OPEN_TO_ANY_TOKEN = ["/v1/demands", "/v1/complaints", "/v1/policies/admission"]


def _org_of(h, role):
    return {
        "dept_submitter": h.FORESTRY,
        "admission_reviewer": h.SOCIAL_WORK,
        "township_admin": h.QINGSHAN,
        "village_operator": h.QINGSHAN_VILLAGES[0],
        "auditor": "990101000000",  # auditors act for the county
        "grid_worker": h.QINGSHAN,
    }[role]


@pytest.mark.parametrize("method,path,roles", REFUSED, ids=[f"{m} {p}" for m, p, _ in REFUSED])
async def test_roles_are_refused(api, method, path, roles):
    _app, client, h = api
    demand = (await client.post("/v1/demands", json=h.unlisted_task(), headers=h.dept())).json()
    complaint = await client.post(
        "/v1/complaints",
        json={"kind": "unclear", "department": h.FORESTRY, "description": "要求不清"},
        headers=h.township(),
    )
    url = path.format(id=demand["id"], cid=complaint.json()["id"])
    for role in roles:
        headers = h.role(role, _org_of(h, role), county=h.COUNTY)
        response = await client.request(method, url, json={}, headers=headers)
        assert response.status_code == 403, (role, response.text)
        assert response.json()["code"] in ("AUTH-ROLE", "AUTH-ORG", "AUTH-ROLE-KIND")
    assert (await client.request(method, url, json={})).status_code == 401


async def test_auditor_reads_everything_of_its_own_county(api):
    _app, client, h = api
    demand = (await client.post("/v1/demands", json=h.basic_task(), headers=h.dept())).json()
    for path in (
        f"/v1/demands/{demand['id']}",
        f"/v1/demands/{demand['id']}/history",
        *OPEN_TO_ANY_TOKEN,
    ):
        response = await client.get(path, headers=h.role("auditor", h.COUNTY, county=h.COUNTY))
        assert response.status_code == 200, (path, response.text)
