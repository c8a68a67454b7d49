"""One lifecycle mechanism for every aggregate with states: the table as data, one engine."""

from grassroots.common.lifecycle.engine import (
    Applied,
    Change,
    HistoryWriter,
    Step,
    claim,
    locked,
    record,
    transition,
)
from grassroots.common.lifecycle.table import Edge, Lifecycle, edges

__all__ = [
    "Applied",
    "Change",
    "Edge",
    "HistoryWriter",
    "Lifecycle",
    "Step",
    "claim",
    "edges",
    "locked",
    "record",
    "transition",
]
