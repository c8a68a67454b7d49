"""The witness's own append-only tables: announced entry hashes and signed checkpoints.

Nothing here is ever updated or deleted (PostgreSQL: the app role may only INSERT and SELECT,
and a trigger refuses UPDATE, DELETE and TRUNCATE); what was seen first stays first.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, Boolean, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from grassroots.common.db.base import Base, BigIntPK, utcnow


class AppendedRow(Base):
    """One `log.appended` (township, seq, entry hash). A second, different hash for a position
    already held is kept too, flagged `conflict`: the first one is never overwritten."""

    __tablename__ = "witness_appended"
    __table_args__ = (
        UniqueConstraint("township", "seq", "entry_hash"),
        Index("ix_witness_appended_position", "township", "seq"),
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    township: Mapped[str] = mapped_column(String(12))
    seq: Mapped[int] = mapped_column(BigInteger)
    entry_hash: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(64))
    case_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    ce_id: Mapped[str] = mapped_column(String(64))
    conflict: Mapped[bool] = mapped_column(Boolean)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)


class CheckpointRow(Base):
    """One `log.checkpointed` as received, with what the witness found: `signature_ok` (signed
    by a pinned trusted key) and `consistent` (extends the previous checkpoint the witness holds
    for the township; None when there was none to compare with). A bad one is kept and flagged."""

    __tablename__ = "witness_checkpoints"
    __table_args__ = (
        UniqueConstraint("township", "digest"),
        Index("ix_witness_checkpoints_township", "township", "tree_size"),
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    township: Mapped[str] = mapped_column(String(12))
    digest: Mapped[str] = mapped_column(String(64))  # sha256 of the signed content
    origin: Mapped[str] = mapped_column(String(200))
    tree_size: Mapped[int] = mapped_column(BigInteger)
    root_hash: Mapped[str] = mapped_column(String(128))
    time: Mapped[datetime]
    key_id: Mapped[str] = mapped_column(String(64))
    signature: Mapped[str] = mapped_column(String(200))
    previous_size: Mapped[int] = mapped_column(BigInteger)
    consistency: Mapped[list[str]] = mapped_column(JSON)
    ce_id: Mapped[str] = mapped_column(String(64))
    signature_ok: Mapped[bool] = mapped_column(Boolean)
    consistent: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    finding: Mapped[str | None] = mapped_column(String(40), nullable=True)  # a stable code
    detail: Mapped[str | None] = mapped_column(Text, nullable=True)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
