"""All SQL of layers and grids."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.grid.layers.models import GridRow, LayerRow, MergedLayerRow


async def next_layer_version(session: AsyncSession, township: str, kind: str, system: str) -> int:
    stmt = select(func.max(LayerRow.version)).where(
        LayerRow.township == township, LayerRow.kind == kind, LayerRow.system == system
    )
    return int((await session.scalar(stmt)) or 0) + 1


async def latest_layer(session: AsyncSession, township: str, kind: str) -> LayerRow | None:
    """The newest layer of a kind (for base: whatever its system name)."""
    stmt = (
        select(LayerRow)
        .where(LayerRow.township == township, LayerRow.kind == kind)
        .order_by(LayerRow.created_at.desc(), LayerRow.version.desc())
        .limit(1)
    )
    return (await session.scalars(stmt)).first()


async def latest_legacy_layers(session: AsyncSession, township: str) -> Sequence[LayerRow]:
    """The newest version of each line system's legacy layer."""
    newest = (
        select(LayerRow.system, func.max(LayerRow.version).label("version"))
        .where(LayerRow.township == township, LayerRow.kind == "legacy")
        .group_by(LayerRow.system)
        .subquery()
    )
    stmt = (
        select(LayerRow)
        .join(
            newest,
            (LayerRow.system == newest.c.system) & (LayerRow.version == newest.c.version),
        )
        .where(LayerRow.township == township, LayerRow.kind == "legacy")
        .order_by(LayerRow.system)
    )
    return (await session.scalars(stmt)).all()


async def list_layers(
    session: AsyncSession, township: str, kind: str | None, system: str | None
) -> Sequence[LayerRow]:
    stmt = select(LayerRow).where(LayerRow.township == township)
    if kind:
        stmt = stmt.where(LayerRow.kind == kind)
    if system:
        stmt = stmt.where(LayerRow.system == system)
    stmt = stmt.order_by(LayerRow.kind, LayerRow.system, LayerRow.version)
    return (await session.scalars(stmt)).all()


async def next_merge_version(session: AsyncSession, township: str) -> int:
    stmt = select(func.max(MergedLayerRow.version)).where(MergedLayerRow.township == township)
    return int((await session.scalar(stmt)) or 0) + 1


async def add_merge(session: AsyncSession, merge: MergedLayerRow, grids: list[GridRow]) -> None:
    session.add(merge)
    await session.flush()
    for grid in grids:
        grid.merge_id = merge.id
    session.add_all(grids)
    await session.flush()


def _current_merge_ids():  # type: ignore[no-untyped-def]
    return select(func.max(MergedLayerRow.id)).group_by(MergedLayerRow.township)


async def current_grids(session: AsyncSession, township: str | None = None) -> Sequence[GridRow]:
    """Grids of the newest comprehensive layer of each township (or of one)."""
    stmt = select(GridRow).where(GridRow.merge_id.in_(_current_merge_ids()))
    if township:
        stmt = stmt.where(GridRow.township == township)
    return (await session.scalars(stmt.order_by(GridRow.grid_id))).all()


async def current_grid(session: AsyncSession, grid_id: str) -> GridRow | None:
    stmt = select(GridRow).where(
        GridRow.grid_id == grid_id, GridRow.merge_id.in_(_current_merge_ids())
    )
    return (await session.scalars(stmt)).first()


async def current_grids_by_id(session: AsyncSession, grid_ids: Sequence[str]) -> Sequence[GridRow]:
    """The current versions of these grids (those still in their township's newest layer)."""
    if not grid_ids:
        return []
    stmt = select(GridRow).where(
        GridRow.grid_id.in_(sorted(set(grid_ids))), GridRow.merge_id.in_(_current_merge_ids())
    )
    return (await session.scalars(stmt)).all()


async def latest_merge_id(session: AsyncSession) -> int:
    """The id of the newest merge anywhere: the generation of the locate index."""
    return int((await session.scalar(select(func.max(MergedLayerRow.id)))) or 0)


async def merges(session: AsyncSession, township: str) -> Sequence[MergedLayerRow]:
    stmt = (
        select(MergedLayerRow)
        .where(MergedLayerRow.township == township)
        .order_by(MergedLayerRow.version)
    )
    return (await session.scalars(stmt)).all()
