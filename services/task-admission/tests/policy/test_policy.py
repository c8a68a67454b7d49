"""The county admission policy: first settings that race both apply, neither is a 500."""

import asyncio


async def test_two_first_settings_at_once_both_apply(api):
    _app, client, h = api
    answers = await asyncio.gather(
        *(
            client.put("/v1/policies/admission", json={"review_mode": mode}, headers=h.reviewer())
            for mode in ("all", "exceptions", "all")
        )
    )
    assert [a.status_code for a in answers] == [200, 200, 200]
    read = await client.get("/v1/policies/admission", headers=h.dept())
    assert read.json()["review_mode"] in ("all", "exceptions")
