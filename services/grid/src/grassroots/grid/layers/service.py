"""Layer use cases: import a layer (validated whole, versioned), merge into the comprehensive layer."""

from __future__ import annotations

import uuid
from typing import Any

from shapely.geometry import mapping
from shapely.ops import unary_union
from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common import audit, catalog_versions, clock
from grassroots.common.auth import Principal
from grassroots.common.catalog.regions import county_part
from grassroots.common.events.grid import GridLayerMerged
from grassroots.common.messaging.outbox import add_event
from grassroots.common.problems import ProblemError
from grassroots.grid.access import check_township_code, no_township
from grassroots.grid.codes import FEATURE_CODE, LAYER_INVALID, MERGE_NO_BASE
from grassroots.grid.layers import repository
from grassroots.grid.layers.merge import merge_report, plan_grids
from grassroots.grid.layers.models import GridRow, LayerRow, MergedLayerRow
from grassroots.grid.layers.rules import (
    FeatureProblem,
    ParsedFeature,
    outside_extent,
    parse_features,
    township_named,
)
from grassroots.grid.layers.schemas import LayerCreate, LayerRead, MergeReport


def _read(row: LayerRow) -> LayerRead:
    return LayerRead.model_validate(row, from_attributes=True)


def _township_of(body: LayerCreate) -> str:
    township = township_named(body.model_dump())
    if township is None:
        raise no_township()
    return township


async def _catalog_problems(
    session: AsyncSession, township: str, features: list[ParsedFeature]
) -> list[FeatureProblem]:
    """Base codes must be villages of the township in the active catalog (when one is known)."""
    document = await catalog_versions.active_document(session, county_part(township), clock.today())
    if document is None:
        return []
    villages = {
        unit.code
        for unit in document.org_units
        if unit.kind == "village" and unit.parent == township
    }
    return [FeatureProblem(f.index, FEATURE_CODE, f.key) for f in features if f.key not in villages]


def _refuse(problems: list[FeatureProblem]) -> None:
    if problems:
        ordered = sorted(problems, key=lambda p: (p.index, p.code))
        raise ProblemError(
            LAYER_INVALID,
            None,
            f"{len({p.index for p in problems})} 个要素有问题",
            problems=[p.as_dict() for p in ordered],
        )


def parsed_of(row: LayerRow) -> list[ParsedFeature]:
    """The features of a stored (already validated) layer."""
    features, _ = parse_features(row.features, kind=row.kind, township=row.township)
    return features


async def import_layer(
    session: AsyncSession, *, principal: Principal, body: LayerCreate
) -> LayerRead:
    """Validates a layer whole and stores it as the next version of its township/kind/system
    (the township's grid centre: `access.IMPORT_LAYER`)."""
    township = _township_of(body)
    check_township_code(township)
    features, problems = parse_features(body.features, kind=body.kind, township=township)
    if body.kind == "base":
        problems += await _catalog_problems(session, township, features)
    elif body.kind == "legacy":
        base = await repository.latest_layer(session, township, "base")
        if base is not None and features:
            extent = unary_union([f.geometry for f in parsed_of(base)])
            problems += outside_extent(features, extent)
    _refuse(problems)
    version = await repository.next_layer_version(session, township, body.kind, body.system)
    row = LayerRow(
        id=uuid.uuid4().hex,
        township=township,
        kind=body.kind,
        system=body.system,
        version=version,
        feature_count=len(features),
        features=body.features,
        created_by=principal.sub,
    )
    session.add(row)
    await session.flush()
    audit.record(
        session,
        principal,
        entity="layer",
        entity_id=row.id,
        action="import",
        changes={
            "township": township,
            "kind": body.kind,
            "system": body.system,
            "version": version,
        },
    )
    return _read(row)


async def list_layers(
    session: AsyncSession, *, township: str, kind: str | None, system: str | None
) -> list[LayerRead]:
    """Every stored version (history kept), without the features."""
    return [_read(r) for r in await repository.list_layers(session, township, kind, system)]


async def merge(
    session: AsyncSession, *, principal: Principal, township: str, split_over: int | None
) -> MergeReport:
    """Builds the next comprehensive layer version from the base units and reports the legacy fit."""
    check_township_code(township)
    base = await repository.latest_layer(session, township, "base")
    if base is None:
        raise ProblemError(MERGE_NO_BASE)
    legacy_rows = await repository.latest_legacy_layers(session, township)
    legacy = {row.system: parsed_of(row) for row in legacy_rows}
    boundary_row = await repository.latest_layer(session, township, "boundary")
    boundary = unary_union([f.geometry for f in parsed_of(boundary_row)]) if boundary_row else None
    planned = plan_grids(parsed_of(base), split_over)
    report = merge_report(planned, legacy, boundary)
    version = await repository.next_merge_version(session, township)
    result: dict[str, Any] = {
        "township": township,
        "version": version,
        "base_layer": {"id": base.id, "system": base.system, "version": base.version},
        "legacy_layers": [
            {"id": r.id, "system": r.system, "version": r.version} for r in legacy_rows
        ],
        "boundary_layer": (
            {"id": boundary_row.id, "system": boundary_row.system, "version": boundary_row.version}
            if boundary_row
            else None
        ),
        **report,
    }
    merged = MergedLayerRow(
        township=township,
        version=version,
        base_layer_id=base.id,
        split_households_over=split_over,
        report=result,
        created_by=principal.sub,
    )
    grids = [
        GridRow(
            grid_id=g.grid_id,
            township=township,
            layer_version=version,
            base_code=g.base_code,
            name=g.name,
            households=g.households,
            area_m2=g.area_m2,
            geometry=dict(mapping(g.geometry)),
        )
        for g in planned
    ]
    await repository.add_merge(session, merged, grids)
    add_event(
        session,
        GridLayerMerged(
            township=township,
            layer_version=version,
            grid_ids=[g.grid_id for g in planned],
            gaps_m2=report["gaps_m2"],
            overlaps_m2=report["overlaps_m2"],
        ),
    )
    audit.record(
        session,
        principal,
        entity="merged_layer",
        entity_id=f"{township}:{version}",
        action="merge",
        changes={"grids": len(grids), "split_households_over": split_over},
    )
    return MergeReport.model_validate(result)


async def merge_reports(session: AsyncSession, *, township: str) -> list[MergeReport]:
    """Every comprehensive layer version of a township with its merge report (history kept)."""
    return [
        MergeReport.model_validate(row.report) for row in await repository.merges(session, township)
    ]
