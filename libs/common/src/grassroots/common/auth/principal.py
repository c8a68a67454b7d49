"""The authenticated caller: subject, org unit, roles."""

from __future__ import annotations

from dataclasses import dataclass

from grassroots.common.codes import AUTH_ORG, AUTH_ROLE
from grassroots.common.problems import ProblemError

ROLES = (
    "dept_submitter",
    "admission_reviewer",
    "catalog_admin",
    "township_admin",
    "village_operator",
    "grid_worker",
    "enforcement_officer",
    "enforcement_supervisor",
    "evaluator",
    "auditor",
    "province_auditor",
    "ops",
    "service",
)


@dataclass(frozen=True)
class Principal:
    """A user or another system (client credentials), acting only within its `org`."""

    sub: str
    org: str
    roles: frozenset[str]
    county: str | None = None

    def has_any(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    def require_any(self, *roles: str) -> None:
        """403 unless the principal holds one of the roles."""
        if not self.has_any(*roles):
            raise ProblemError(AUTH_ROLE, None, f"需要以下角色之一: {', '.join(roles)}")

    def require_org(self, *orgs: str) -> None:
        """403 unless the principal acts for one of these org units (auditors read all elsewhere)."""
        if self.org not in orgs:
            raise ProblemError(AUTH_ORG, "无权处理其他单位的事项", f"本单位为 {self.org}")

    @property
    def is_auditor(self) -> bool:
        return "auditor" in self.roles
