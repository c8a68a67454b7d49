"""Tables of layers: imported layers (every version kept), merged comprehensive layers, grids."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from grassroots.common.db.base import Base, BigIntPK, utcnow


class LayerRow(Base):
    """One imported version of a township's legacy (line-system) or base layer; never changed."""

    __tablename__ = "layers"
    __table_args__ = (UniqueConstraint("township", "kind", "system", "version"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    township: Mapped[str] = mapped_column(String(12))
    kind: Mapped[str] = mapped_column(String(16))
    system: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    feature_count: Mapped[int] = mapped_column(Integer)
    features: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200))


class MergedLayerRow(Base):
    """One version of a township's comprehensive layer (综合网格) with its merge report."""

    __tablename__ = "merged_layers"
    __table_args__ = (UniqueConstraint("township", "version"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    township: Mapped[str] = mapped_column(String(12))
    version: Mapped[int] = mapped_column(Integer)
    base_layer_id: Mapped[str] = mapped_column(String(40), ForeignKey("layers.id"))
    split_households_over: Mapped[int | None] = mapped_column(Integer, nullable=True)
    report: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200))


class GridRow(Base):
    """One comprehensive grid in one version of its township's layer."""

    __tablename__ = "grids"
    __table_args__ = (
        UniqueConstraint("grid_id", "layer_version"),
        Index("ix_grids_merge", "merge_id"),
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    grid_id: Mapped[str] = mapped_column(String(40))
    township: Mapped[str] = mapped_column(String(12))
    layer_version: Mapped[int] = mapped_column(Integer)
    merge_id: Mapped[int] = mapped_column(ForeignKey("merged_layers.id"))
    base_code: Mapped[str] = mapped_column(String(12))
    name: Mapped[str] = mapped_column(String(200))
    households: Mapped[int | None] = mapped_column(Integer, nullable=True)
    area_m2: Mapped[float] = mapped_column(Float)
    geometry: Mapped[dict[str, Any]] = mapped_column(JSON)
