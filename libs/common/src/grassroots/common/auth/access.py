"""One authorization declaration per route (DESIGN §1): who may call it and where.

A route says, once, which roles may call it and in what scope, and where its target — the thing
it acts on or reads — is found (a path or query parameter, a body field, or the caller's own
unit). `Access.route()` turns that into the route's dependency, which checks it before the
route body runs or its body is validated, and into the `x-access` extension of the OpenAPI
document, from which the authorization matrix test and docs/authorization.md are generated:

    SEE_EVENT = Access(
        Grant(TOWNSHIP_STAFF, "area"), Grant(("dept_submitter",), "party"), *AUDIT,
        target=FromPath("event_id", event_target, missing=event_not_found),
    )

    @router.get("/v1/grid-events/{event_id}", **SEE_EVENT.route())

A list applies its items' rule to every row (`Access.permits`) and names that item route in
`rows`, so the matrix test can prove no row shows what the item would refuse.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import Depends, Query, Request
from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common import catalog_versions, clock
from grassroots.common.auth.deps import PrincipalDep
from grassroots.common.auth.principal import Principal
from grassroots.common.catalog import regions
from grassroots.common.codes import AUTH_SCOPE
from grassroots.common.db import SessionDep
from grassroots.common.problems import ProblemError


@dataclass(frozen=True)
class Target:
    """Where the thing a route acts on stands: its county, township, owning unit, the units it
    is addressed or assigned to (`parties`) and the subjects named on it (`subs`)."""

    county: str | None
    township: str | None = None
    unit: str | None = None
    parties: frozenset[str] = frozenset()
    subs: frozenset[str] = frozenset()


def _area(p: Principal, t: Target) -> bool:
    """The township's own office over its whole area, a village over its own things."""
    if t.township is None:
        return False
    if p.org == t.township:
        return True
    return regions.township_of(p.org) == t.township and p.org in (t.unit, *t.parties)


def _assigned(p: Principal, t: Target) -> bool:
    """The person named on it, acting from where it stands (its township or a village of it)."""
    if p.sub not in t.subs or p.county != t.county:
        return False
    return t.township is None or regions.township_of(p.org) == t.township


SCOPES: dict[str, Callable[[Principal, Target], bool]] = {
    "anyone": lambda p, t: True,  # any authenticated, placed principal
    "county": lambda p, t: t.county is not None and p.county == t.county,
    "province": lambda p, t: t.county is not None and p.org[:2] == t.county[:2],
    "township": lambda p, t: t.township is not None and p.org == t.township,
    "area": _area,
    "unit": lambda p, t: t.unit is not None and p.org == t.unit,
    "party": lambda p, t: p.org in t.parties,
    "assigned": _assigned,
}
SCOPE_TEXT = {
    "anyone": "任何已认证的主体 any placed principal",
    "county": "本县 own county",
    "province": "本省 own province (province_auditor)",
    "township": "本乡镇 own township's office",
    "area": "本乡镇及其村 own township and its villages",
    "unit": "本单位 own unit",
    "party": "被指派或被吹哨的单位 the addressed or assigned unit",
    "assigned": "被指派的本人(在本乡镇) the assigned person, in the thing's township",
}


@dataclass(frozen=True)
class Grant:
    """Holders of any of `roles`, where `scope` holds between them and the target."""

    roles: tuple[str, ...]
    scope: str

    def __post_init__(self) -> None:
        if self.scope not in SCOPES:
            raise ValueError(f"unknown scope {self.scope!r}")

    def permits(self, principal: Principal, target: Target) -> bool:
        return principal.has_any(*self.roles) and SCOPES[self.scope](principal, target)


AUDIT = (Grant(("auditor",), "county"), Grant(("province_auditor",), "province"))

Resolver = Callable[[AsyncSession, str], Awaitable[Target | None]]
Missing = Callable[[str], ProblemError]


async def unit_target(session: AsyncSession, code: str) -> Target | None:
    """An org unit as a target: its county (from the code or the catalog), its township."""
    county = regions.county_of(code) if regions.is_region_code(code) else None
    if county is None:
        county = await catalog_versions.county_of_org(session, code, clock.today())
    if county is None:
        return None
    township = regions.township_of(code) if regions.is_region_code(code) else None
    return Target(county=county, township=township, unit=code)


def caller_target(principal: Principal) -> Target:
    """The caller's own unit: the target of a route that acts only there (creation, own lists)."""
    township = regions.township_of(principal.org) if regions.is_region_code(principal.org) else None
    return Target(county=principal.county, township=township, unit=principal.org)


@dataclass(frozen=True)
class Locator:
    """Where a route's target is found. `where` is `path`, `query`, `body` or `caller`; a query
    locator without a value targets the caller's own unit. A path item refused is answered as
    `missing` (404: nothing leaks) unless `hide` is off for items the county reads anyway."""

    where: Literal["path", "query", "body", "caller"]
    name: str | None = None
    resolve: Resolver = unit_target
    missing: Missing | None = None
    hide: bool = True

    async def target(self, request: Request, session: AsyncSession, p: Principal) -> Target | None:
        if self.where == "caller":
            return caller_target(p)
        assert self.name is not None
        value: Any
        if self.where == "path":
            value = request.path_params.get(self.name)
        elif self.where == "query":
            value = request.query_params.get(self.name)
            if value is None:
                return caller_target(p)
        else:
            value = await _body_field(request, self.name)
        if not isinstance(value, str) or not value or len(value) > 200:
            return None
        return await self.resolve(session, value)

    def denied(self, value: str, *, found: bool = True) -> ProblemError:
        if self.missing is not None and (self.hide or not found):
            return self.missing(value)  # an item out of scope is not found: nothing leaks
        return ProblemError(AUTH_SCOPE, None, value)


async def json_body(request: Request) -> Mapping[str, Any] | None:
    """The request's JSON object for a locator, or None for anything else (the route's own
    validation then answers 422)."""
    try:
        body = await request.json()
    except ValueError:
        return None
    return body if isinstance(body, Mapping) else None


async def _body_field(request: Request, name: str) -> object:
    body = await json_body(request)
    return body.get(name) if body is not None else None


def FromPath(name: str, resolve: Resolver, *, missing: Missing, hide: bool = True) -> Locator:
    return Locator("path", name, resolve, missing, hide)


def FromQuery(name: str, resolve: Resolver = unit_target) -> Locator:
    return Locator("query", name, resolve)


def FromBody(name: str, resolve: Resolver = unit_target) -> Locator:
    return Locator("body", name, resolve)


CALLER = Locator("caller")


async def county_target(session: AsyncSession, code: str) -> Target | None:
    """A county asked for by its division code (`?county=`); None for anything else."""
    if regions.org_kind_of_region_code(code) != "county":
        return None
    return Target(county=code, unit=code)


# a county-wide read, list or operation: the county named by `?county=`, else the caller's own
COUNTY_QUERY: Locator = FromQuery("county", county_target)
CountyParam = Annotated[
    str | None, Query(pattern=r"^[0-9]{12}$", description="the county (default: the caller's)")
]


def target_of(request: Request) -> Target:
    """The target the route's declaration resolved and permitted (set by its dependency)."""
    target: Target = request.state.target
    return target


def county_in(request: Request) -> str:
    """The county the permitted call is about (a permitted target always has one)."""
    county = target_of(request).county
    assert county is not None  # every scope but `anyone` refuses a target without a county
    return county


class Access:
    """A route's declaration: the grants and where its target is. `public` routes (health,
    Open311 reads) take no token; `rows` names the item route whose rule a list applies."""

    def __init__(
        self,
        *grants: Grant,
        target: Locator = CALLER,
        rows: str | None = None,
        public: bool = False,
        note: str | None = None,
    ) -> None:
        if not grants and not public:
            raise ValueError("a route grants someone, or is public")
        self.grants = grants
        self.target = target
        self.rows = rows
        self.public = public
        self.note = note

    @property
    def roles(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(role for g in self.grants for role in g.roles))

    def permits(self, principal: Principal, target: Target | None) -> bool:
        return target is not None and any(g.permits(principal, target) for g in self.grants)

    def require(self, principal: Principal, target: Target | None, value: str = "") -> None:
        """The same check a route's dependency makes, for a target found inside the service."""
        if not self.permits(principal, target):
            raise self.target.denied(value, found=target is not None)

    def extension(self) -> dict[str, object]:
        """The `x-access` OpenAPI extension the matrix test and the docs are generated from."""
        return {
            "public": self.public,
            "grants": [{"roles": list(g.roles), "scope": g.scope} for g in self.grants],
            "target": {"in": self.target.where, "name": self.target.name},
            "rows": self.rows,
            "note": self.note,
        }

    def route(self, openapi_extra: dict[str, Any] | None = None) -> dict[str, Any]:
        """Keyword arguments for the route decorator: the check and the OpenAPI extension
        (beside the route's own `openapi_extra`, e.g. a request body it parses itself)."""
        extra = {"openapi_extra": {**(openapi_extra or {}), "x-access": self.extension()}}
        if self.public:
            return extra
        return {**extra, "dependencies": [Depends(self._dependency())]}

    def _dependency(self) -> Callable[..., Awaitable[Principal]]:
        async def check(
            request: Request, principal: PrincipalDep, session: SessionDep
        ) -> Principal:
            principal.require_any(*self.roles)
            target = await self.target.target(request, session, principal)
            if not self.permits(principal, target):
                value = self.target.name and (
                    request.path_params.get(self.target.name)
                    or request.query_params.get(self.target.name)
                )
                raise self.target.denied(str(value or principal.org), found=target is not None)
            request.state.target = target
            return principal

        return check
