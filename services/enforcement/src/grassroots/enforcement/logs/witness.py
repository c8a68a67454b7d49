"""The witness outside the enforcement database (the evaluation service): it keeps every
checkpoint and every announced entry hash it saw on the events, and serves them.

    GET {witness_url}/v1/witness/logs/{township}/checkpoints -> {"items": [<checkpoint>...]}
    GET {witness_url}/v1/witness/logs/{township}/appended    -> {"items": [{"seq", "entry_hash"}...]}

Both are called with the caller's own bearer token. Anything but two readable 200 answers is
`WitnessUnavailable`: verification then says nothing rather than `ok: true`.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import httpx

from grassroots.common.transparency.checkpoints import Checkpoint
from grassroots.enforcement.logs.service import Witnessed


class WitnessUnavailable(Exception):
    """The witness did not answer, or not in its contract's shape."""


class Witness:
    def __init__(
        self, url: str, *, timeout: float = 5.0, transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self.url = url.rstrip("/")
        self.timeout = timeout
        self.transport = transport

    async def _items(
        self, client: httpx.AsyncClient, path: str, authorization: str | None
    ) -> list[Any]:
        headers = {"Authorization": authorization} if authorization else {}
        try:
            response = await client.get(f"{self.url}{path}", headers=headers)
        except httpx.HTTPError as exc:
            raise WitnessUnavailable(f"{path}: {type(exc).__name__}") from exc
        if response.status_code != 200:
            raise WitnessUnavailable(f"{path}: HTTP {response.status_code}")
        try:
            items = response.json()["items"]
        except (ValueError, KeyError, TypeError) as exc:
            raise WitnessUnavailable(f"{path}: not {{'items': [...]}}") from exc
        if not isinstance(items, list):
            raise WitnessUnavailable(f"{path}: items is not a list")
        return items

    async def fetch(self, township: str, authorization: str | None) -> Witnessed:
        """The township's witnessed checkpoints and announced (seq, entry hash) pairs."""
        base = f"/v1/witness/logs/{township}"
        async with httpx.AsyncClient(timeout=self.timeout, transport=self.transport) as client:
            raw_checkpoints = await self._items(client, f"{base}/checkpoints", authorization)
            raw_appended = await self._items(client, f"{base}/appended", authorization)
        try:
            checkpoints = [Checkpoint.from_document(d) for d in raw_checkpoints]
            announced: dict[int, list[str]] = defaultdict(list)
            for item in raw_appended:
                seq, entry_hash = int(item["seq"]), str(item["entry_hash"])
                if entry_hash not in announced[seq]:
                    announced[seq].append(entry_hash)
        except (KeyError, ValueError, TypeError, AttributeError) as exc:
            raise WitnessUnavailable(f"unreadable answer: {exc!r}") from exc
        if any(seq < 1 for seq in announced):
            raise WitnessUnavailable("an announced seq below 1")
        return Witnessed(self.url, checkpoints, dict(announced))


def witness_of(state: Any, url: str | None, timeout: float) -> Witness | None:
    """The app's witness client (tests put one with their own transport on `app.state`)."""
    existing = getattr(state, "witness", None)
    if existing is not None:
        return existing  # type: ignore[no-any-return]
    if url is None:
        return None
    state.witness = Witness(url, timeout=timeout)
    return state.witness  # type: ignore[no-any-return]
