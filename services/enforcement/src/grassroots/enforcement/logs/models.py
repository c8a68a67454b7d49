"""The township's hash-chained enforcement log (执法日志) and its signed checkpoints.

Both tables are append-only (the service role may INSERT and SELECT only; on PostgreSQL a
trigger refuses UPDATE, DELETE and TRUNCATE). There is no head row: the head is the entry with
the highest seq, so nothing mutable can be rewound.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from grassroots.common.db.base import Base, BigIntPK
from grassroots.common.transparency.checkpoints import Checkpoint


class LogEntry(Base):
    """One append-only entry; `hash` = sha256(prev_hash + canonical JSON of the entry)."""

    __tablename__ = "enforcement_log"
    __table_args__ = (UniqueConstraint("township", "seq"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    township: Mapped[str] = mapped_column(String(12))
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(40))
    case_id: Mapped[str | None] = mapped_column(String(40), index=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(200))
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class LogCheckpoint(Base):
    """A signed checkpoint (RFC 9162 tree size and root) of a township's log, with the
    consistency proof from the township's previous checkpoint; one per (township, tree_size),
    so two replicas never sign two different checkpoints of one size."""

    __tablename__ = "enforcement_log_checkpoints"
    __table_args__ = (
        UniqueConstraint(
            "township", "tree_size", name="uq_enforcement_log_checkpoints_township_tree_size"
        ),
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    township: Mapped[str] = mapped_column(String(12))
    origin: Mapped[str] = mapped_column(String(80))
    tree_size: Mapped[int] = mapped_column(Integer)
    root_hash: Mapped[str] = mapped_column(String(64))
    time: Mapped[datetime]
    key_id: Mapped[str] = mapped_column(String(16))
    signature: Mapped[str] = mapped_column(String(100))
    previous_size: Mapped[int] = mapped_column(Integer)
    consistency: Mapped[list[str]] = mapped_column(JSON)

    def checkpoint(self) -> Checkpoint:
        return Checkpoint(
            origin=self.origin,
            tree_size=self.tree_size,
            root_hash=self.root_hash,
            time=self.time,
            key_id=self.key_id,
            signature=self.signature,
        )
