"""A lifecycle as data: (state, action) → next state, who may take it, the events it emits.

Pure: no database, no HTTP. The engine (`lifecycle.engine.transition`) applies it; the docs
draw it (`Lifecycle.mermaid`); the property tests walk it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from grassroots.common.codes import Code
from grassroots.common.refusals import Refusal


@dataclass(frozen=True)
class Edge:
    """One transition: from `source` by `action` to `target` (a self-loop when equal)."""

    source: str
    action: str
    target: str
    roles: frozenset[str] = frozenset()  # empty: the service's own checks decide who
    events: tuple[str, ...] = ()  # CloudEvents types without the version suffix


def edges(
    sources: Iterable[str] | str,
    action: str,
    target: str,
    *,
    roles: Iterable[str] = (),
    events: Iterable[str] = (),
) -> list[Edge]:
    """The same action from several states to one target."""
    sources = (sources,) if isinstance(sources, str) else tuple(sources)
    return [Edge(s, action, target, frozenset(roles), tuple(events)) for s in sources]


@dataclass(frozen=True)
class Lifecycle:
    """The states of one aggregate and every edge between them."""

    name: str  # the aggregate, e.g. "case"
    title: str  # what a clerk calls it, e.g. "案件"
    initial: tuple[str, ...]  # the states an aggregate is created in
    table: tuple[Edge, ...]
    conflict: Code  # "this state forbids the command" (a 409 code)
    state_attr: str = "status"
    final: tuple[str, ...] = ()
    _index: dict[tuple[str, str], tuple[Edge, ...]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        if self.conflict.status != 409:
            raise ValueError(f"{self.name}: {self.conflict} is not a 409 code")
        for edge in self.table:
            key = (edge.source, edge.action)
            self._index[key] = (*self._index.get(key, ()), edge)
        for state in self.final:
            if any(e.source == state for e in self.table):
                raise ValueError(f"{self.name}: final state {state} has an edge out")

    @property
    def states(self) -> tuple[str, ...]:
        seen = dict.fromkeys(self.initial)
        for edge in self.table:
            seen.setdefault(edge.source)
            seen.setdefault(edge.target)
        return tuple(seen)

    @property
    def actions(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(e.action for e in self.table))

    def choices(self, state: str, action: str) -> tuple[Edge, ...]:
        """Every edge `action` may take from `state` (several when a guard picks the target)."""
        return self._index.get((state, action), ())

    def edge(self, state: str, action: str, target: str | None = None) -> Edge:
        """The edge `action` takes from `state` (to `target` when several); refuses otherwise."""
        choices = self.choices(state, action)
        if target is not None:
            choices = tuple(e for e in choices if e.target == target)
        if not choices:
            raise Refusal(
                self.conflict,
                f"{self.title}当前状态下不能执行该操作",
                f"状态 {state} 不能 {action}",
            )
        return choices[0]

    def next(self, state: str, action: str) -> str:
        """The state after `action` from `state` (the first edge's when a guard picks)."""
        return self.edge(state, action).target

    def allows(self, state: str, action: str) -> bool:
        return bool(self.choices(state, action))

    def mermaid(self) -> str:
        """The state diagram as Mermaid text (generated into each service's README)."""
        lines = ["stateDiagram-v2"]
        lines += [f"    [*] --> {s}" for s in self.initial]
        labels: dict[tuple[str, str], list[str]] = {}
        for e in self.table:
            labels.setdefault((e.source, e.target), [])
            if e.action not in labels[(e.source, e.target)]:
                labels[(e.source, e.target)].append(e.action)
        lines += [f"    {s} --> {t} : {', '.join(a)}" for (s, t), a in labels.items()]
        lines += [f"    {s} --> [*]" for s in self.final]
        return "\n".join(lines)
