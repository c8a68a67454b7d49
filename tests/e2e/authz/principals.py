"""Who calls: every role at its own unit, at a sibling, in the neighbour county, at a unit of the
wrong kind and with a county claim that disagrees with its org; and no token at all."""

from __future__ import annotations

from dataclasses import dataclass

from county.orgs import FORESTRY, LAND, QINGSHAN, SHIMEN, SOCIAL_WORK, VILLAGES

from grassroots.common.auth.principal import Principal
from grassroots.testkit.counties import OURS, THEIRS, theirs

VILLAGE, NEXT_VILLAGE, SHIMEN_VILLAGE = *VILLAGES[QINGSHAN], VILLAGES[SHIMEN][0]
PROVINCE, OTHER_PROVINCE = "990000000000", "980000000000"

# role → (home, siblings in the county, the neighbour's home, a unit of the wrong kind)
HOMES: dict[str, tuple[str, tuple[str, ...], str, str]] = {
    "dept_submitter": (FORESTRY, (LAND,), theirs(FORESTRY), QINGSHAN),
    "village_operator": (VILLAGE, (NEXT_VILLAGE, SHIMEN_VILLAGE), theirs(VILLAGE), QINGSHAN),
    "province_auditor": (PROVINCE, (), OTHER_PROVINCE, OURS),
    **{
        role: (QINGSHAN, (SHIMEN,), theirs(QINGSHAN), FORESTRY)
        for role in (
            "township_admin",
            "grid_worker",
            "enforcement_officer",
            "enforcement_supervisor",
        )
    },
    **{
        role: (OURS, (SOCIAL_WORK,), THEIRS, QINGSHAN)
        for role in ("admission_reviewer", "catalog_admin", "evaluator", "auditor", "ops")
    },
}


@dataclass(frozen=True)
class Caller:
    """One principal of the matrix; `placed` is how the edge must see it (None: refused there)."""

    label: str
    role: str | None
    org: str
    county: str | None
    sub: str

    @property
    def placed(self) -> Principal | None:
        if self.role is None or self.label.endswith(("wrong-kind", "claims-theirs")):
            return None
        county = None if self.role == "province_auditor" else _county_of(self.org)
        return Principal(self.sub, self.org, frozenset({self.role}), county)


def _county_of(org: str) -> str:
    division = org[:6] if org.isdigit() else org[2:8]  # a credit code carries it after "11"
    return OURS if division == OURS[:6] else THEIRS


def callers(subs: dict[str, str]) -> list[Caller]:
    """The matrix's principals; `subs` names the subject a role's home principal acts as."""
    found = [Caller("anonymous", None, OURS, None, "anonymous")]
    for role, (home, siblings, neighbour, wrong) in HOMES.items():
        sub = subs.get(role, f"{role}@{home}")
        found.append(Caller(f"{role}@home", role, home, None, sub))
        found += [Caller(f"{role}@sibling", role, o, None, f"{role}@{o}") for o in siblings]
        found.append(Caller(f"{role}@theirs", role, neighbour, None, sub))  # same sub elsewhere
        found.append(Caller(f"{role}@wrong-kind", role, wrong, None, f"{role}@{wrong}"))
        if role != "province_auditor":
            found.append(Caller(f"{role}@claims-theirs", role, home, THEIRS, sub))
    for org in (OURS, QINGSHAN, THEIRS):
        found.append(Caller(f"service@{org}", "service", org, None, f"system@{org}"))
    return found
