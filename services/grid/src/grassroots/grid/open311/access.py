"""Who may call the Open311 facade: GeoReport v2 is public to read, and a report is made with an
`api_key` (not a bearer token) that stands for a service principal, checked as `POST
/v1/grid-events` (`events.access.REPORT`) inside the service."""

from __future__ import annotations

from grassroots.common.auth.access import Access

DISCOVER = Access(public=True, note="the spec's discovery and service documents: no key")
READ = Access(
    public=True,
    note="GeoReport v2 reads need no key; a request shows its status and category, never the "
    "reporter's name, phone or e-mail",
)
CREATE = Access(
    public=True,
    note="an api_key (form or query string) maps to a service principal, checked as "
    "POST /v1/grid-events in that principal's county; a bad or missing key is 403",
)
