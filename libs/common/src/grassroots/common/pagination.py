"""Keyset cursors: a page ends at its last row's (time, id), newest first or oldest first, and
the next page starts after it. The cursor a client gets (`next_cursor`) and sends back
(`?cursor=`) is that pair as JSON, base64url: `["2026-03-02T08:00:00+00:00", "dm_…"]`. Clients
hold cursors between requests, so the format does not change.
"""

from __future__ import annotations

import base64
import json
from datetime import datetime

from grassroots.common.codes import CURSOR
from grassroots.common.problems import ProblemError


def encode(at: datetime, id: str) -> str:
    """The cursor of a page whose last row is (`at`, `id`)."""
    raw = json.dumps([at.isoformat(), id])
    return base64.urlsafe_b64encode(raw.encode()).decode()


def decode(cursor: str | None) -> tuple[datetime, str] | None:
    """The (time, id) a cursor names, None for none (the first page); 422 `E-CURSOR` for one
    this module did not write (its time without a zone, its id not a string)."""
    if not cursor:
        return None
    try:
        at, last_id = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        parsed = datetime.fromisoformat(at)
        if parsed.tzinfo is None or not isinstance(last_id, str):
            raise ValueError("bad cursor")
        return parsed, last_id
    except (ValueError, TypeError) as exc:  # binascii, JSON and Unicode errors are ValueErrors
        raise ProblemError(CURSOR, None, str(exc)[:100]) from exc
