"""The authorization matrix (DESIGN §1): every route × every role × placements, against the real
processes. Each service's module here prepares, through the API, one of each thing its routes
act on in 青山镇 of the demo county, and says where each stands (`Target`): the oracle the
declared grants are evaluated against, written independently of the services' resolvers."""

from __future__ import annotations

from dataclasses import dataclass, field

from grassroots.common.auth.access import Target


@dataclass
class Fixtures:
    """What a service's routes are called with.

    `values`: a value for every path parameter and every target parameter (query or body) of the
    service's routes, by parameter name; `targets`: where the thing each value names stands
    (same keys, for every value a route's target is located by); `secrets`: ids that must not
    appear in any 2xx answer to a principal the named item route would refuse, as
    (id, item route as "GET /v1/...", target); `bodies`: extra body fields for a route
    ("POST /v1/..."), so an allowed call gets past validation where that matters; `subs`: the
    subject the home principal of a role acts as (the worker hired, the officer assigned)."""

    values: dict[str, str] = field(default_factory=dict)
    targets: dict[str, Target] = field(default_factory=dict)
    secrets: list[tuple[str, str, Target]] = field(default_factory=list)
    bodies: dict[str, dict[str, object]] = field(default_factory=dict)
    subs: dict[str, str] = field(default_factory=dict)  # role → `sub` of its home principal
