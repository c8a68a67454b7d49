"""Who may do what (DESIGN §1): township staff in their own township, auditors read everything."""

from __future__ import annotations

from grassroots.common.auth import Principal
from grassroots.common.problems import ProblemError

OFFICER = "enforcement_officer"
SUPERVISOR = "enforcement_supervisor"
STAFF = (OFFICER, SUPERVISOR)
READERS = (OFFICER, SUPERVISOR, "township_admin", "auditor")


def require_township(principal: Principal, township: str, *roles: str) -> None:
    """403 unless the principal holds one of `roles` and acts for `township`."""
    principal.require_any(*roles)
    if principal.org != township:
        raise ProblemError(
            403, "AUTH-ORG", "无权处理其他乡镇的执法事项", f"本单位为 {principal.org}"
        )


def require_read(principal: Principal, township: str) -> None:
    """Township staff read their own township; auditors read every township."""
    if principal.is_auditor:
        return
    require_township(principal, township, *READERS)


def require_supervisor(principal: Principal, township: str) -> None:
    """Approvals (filing, extensions, decisions) belong to the township's supervisor (法制审核)."""
    require_township(principal, township, SUPERVISOR)


def require_assigned(principal: Principal, township: str, assigned_subs: set[str]) -> None:
    """An officer acts only on cases assigned to them; the supervisor on every case of the township."""
    require_township(principal, township, *STAFF)
    if SUPERVISOR in principal.roles:
        return
    if principal.sub not in assigned_subs:
        raise ProblemError(
            403, "AUTH-NOT-ASSIGNED", "该案件未指派给您", "执法人员只能办理指派给本人的案件"
        )
