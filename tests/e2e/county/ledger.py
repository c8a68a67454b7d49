"""The test's own bookkeeping: what each act of the month must add to evaluation's metrics.

Kept from what the test did and meant (DESIGN §8, evaluation README), never read back from a
service, so a service that miscounts fails the comparison.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from county.orgs import township_of

NEGATIVE = frozenset({"R-NEGATIVE-LIST", "R-WITHDRAWN", "R-DISGUISED-WITHDRAWN"})
SATISFIED = frozenset({"satisfied", "basically_satisfied"})


@dataclass
class Ledger:
    """Per org and metric: [numerator, denominator]; plus what is still open and the ratings."""

    values: defaultdict[tuple[str, str], list[float]] = field(
        default_factory=lambda: defaultdict(lambda: [0.0, 0.0])
    )
    submitted_demands: set[str] = field(default_factory=set)
    unclear_demands: set[str] = field(default_factory=set)
    open_assignments: dict[tuple[str, str], date] = field(default_factory=dict)
    open_calls: set[tuple[str, str]] = field(default_factory=set)
    ratings: dict[tuple[str, str, str], dict[str, float]] = field(default_factory=dict)
    overdue: Counter[str] = field(default_factory=Counter)  # overdue events the scans must emit

    def add(self, org: str, metric: str, numerator: float, denominator: float) -> None:
        value = self.values[(org, metric)]
        value[0] += numerator
        value[1] += denominator

    # task-admission
    def submitted(self, dept: str, demand_id: str) -> None:
        """A new demand (a resubmission is the same demand)."""
        if demand_id not in self.submitted_demands:
            self.submitted_demands.add(demand_id)
            self.add(dept, "dept.returned_unclear", 0, 1)
            self.add(dept, "dept.rejected_negative", 0, 1)

    def returned(self, dept: str, demand_id: str, codes: frozenset[str]) -> None:
        """Returned; as unclear (R-UNCLEAR) it counts once per demand, however often."""
        if "R-UNCLEAR" in codes and demand_id not in self.unclear_demands:
            self.unclear_demands.add(demand_id)
            self.add(dept, "dept.returned_unclear", 1, 0)

    def rejected(self, dept: str, codes: frozenset[str]) -> None:
        if codes & NEGATIVE:
            self.add(dept, "dept.rejected_negative", 1, 0)

    def admitted(self, dept: str, demand_id: str, funding: float, targets: list[str], due: date):
        self.add(dept, "dept.demands_funded", 1 if funding > 0 else 0, 1)
        self.add(dept, "dept.funding_yuan", funding, 0)
        for org in targets:
            self.open_assignments[(demand_id, org)] = due

    def dispatched(self, demand_id: str, villages: list[str], due: date) -> None:
        for village in villages:
            self.open_assignments[(demand_id, village)] = due

    def completed(self, demand_id: str, org: str, on: date) -> bool:
        """A township or village reports its part done on `on`; True when by the deadline."""
        on_time = on <= self.open_assignments.pop((demand_id, org))
        self.add(township_of(org), "twp.demands_completed_on_time", 1 if on_time else 0, 1)
        if not on_time:
            self.overdue["demand.overdue.v1"] += 1
        return on_time

    # grid
    def grid_step_late(self) -> None:
        self.overdue["grid.event.overdue.v1"] += 1

    def grid_closed(
        self, township: str, *, late_steps: set[str], resolved: bool, satisfaction: str | None
    ) -> None:
        self.add(township, "twp.grid_closed_on_time", 0 if late_steps else 1, 1)
        self.add(township, "twp.response_rate", 0 if "accepted" in late_steps else 1, 1)
        self.add(township, "twp.resolution_rate", 1 if resolved else 0, 1)
        if satisfaction is not None:
            self.add(township, "twp.satisfaction_rate", int(satisfaction in SATISFIED), 1)

    def whistle_blown(self, whistle_id: str, departments: list[str]) -> None:
        self.open_calls.update((whistle_id, d) for d in departments)

    def whistle_answered(self, whistle_id: str, dept: str, on_time: bool) -> None:
        self.open_calls.remove((whistle_id, dept))
        self.add(dept, "dept.whistle_on_time", 1 if on_time else 0, 1)
        if not on_time:
            self.overdue["whistle.overdue.v1"] += 1

    # enforcement, complaints, ratings
    def case_filed(self, township: str) -> None:
        self.add(township, "twp.cases_filed_on_time", 1, 1)

    def case_filing_missed(self, township: str) -> None:
        """Never filed within the limit (case.overdue for filing)."""
        self.add(township, "twp.cases_filed_on_time", 0, 1)

    def case_decided(self, township: str) -> None:
        self.add(township, "twp.cases_decided_in_time", 1, 1)

    def complaint_ruled(self, dept: str, upheld: bool) -> None:
        self.add(dept, "dept.complaints_upheld", 1 if upheld else 0, 1)

    def rated(self, direction: str, rater: str, ratee: str, indicator: str, score: float) -> None:
        self.ratings.setdefault((direction, ratee, indicator), {})[rater] = score

    # the month's end
    def close_month(self) -> None:
        """Whatever was never done counts as overdue once every deadline has passed."""
        for (_, org), _due in sorted(self.open_assignments.items()):
            self.add(township_of(org), "twp.demands_completed_on_time", 0, 1)
            self.overdue["demand.overdue.v1"] += 1
        for _, dept in sorted(self.open_calls):
            self.add(dept, "dept.whistle_on_time", 0, 1)
            self.overdue["whistle.overdue.v1"] += 1
        self.open_assignments.clear()
        self.open_calls.clear()

    def expected_events(self) -> Counter[str]:
        """Events the month must have produced at least this often (to wait for them)."""
        out = Counter(self.overdue)
        for (_, metric), (_, den) in self.values.items():
            if metric == "twp.grid_closed_on_time":
                out["grid.event.closed.v1"] += int(den)
            if metric == "twp.cases_decided_in_time":
                out["case.decided.v1"] += int(den)
        return out

    def metrics(self, org: str) -> dict[str, tuple[float, float]]:
        """Every metric the month gave `org`: numerator and denominator."""
        return {m: (v[0], v[1]) for (o, m), v in sorted(self.values.items()) if o == org}
