"""Layer routes: import legacy and base layers, list their history, merge."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from grassroots.common.auth import PrincipalDep
from grassroots.common.db import SessionDep
from grassroots.grid.access import TownshipParam, township_in
from grassroots.grid.layers import service
from grassroots.grid.layers.access import IMPORT_LAYER, MERGE, READ_MAP
from grassroots.grid.layers.schemas import (
    LayerCreate,
    LayerPage,
    LayerRead,
    MergeHistory,
    MergeReport,
    MergeRequest,
)

router = APIRouter(prefix="/v1/layers", tags=["layers"])


@router.post(
    "",
    status_code=201,
    response_model=LayerRead,
    summary="Import a legacy, base or boundary layer (validated whole; 422 lists feature indexes and codes)",
    **IMPORT_LAYER.route(),
)
async def import_layer(
    body: LayerCreate, session: SessionDep, principal: PrincipalDep
) -> LayerRead:
    return await service.import_layer(session, principal=principal, body=body)


@router.get(
    "", response_model=LayerPage, summary="A township's layers, every version", **READ_MAP.route()
)
async def list_layers(
    request: Request,
    session: SessionDep,
    township: TownshipParam = None,
    kind: Annotated[str | None, Query(pattern="^(legacy|base|boundary)$")] = None,
    system: Annotated[str | None, Query(max_length=64)] = None,
) -> LayerPage:
    items = await service.list_layers(
        session, township=township_in(request), kind=kind, system=system
    )
    return LayerPage(items=items)


@router.post(
    "/merge",
    response_model=MergeReport,
    summary="Build the comprehensive layer (综合网格) from the base units; the merge report",
    **MERGE.route(),
)
async def merge(body: MergeRequest, session: SessionDep, principal: PrincipalDep) -> MergeReport:
    return await service.merge(
        session,
        principal=principal,
        township=body.township,
        split_over=body.split_households_over,
    )


@router.get(
    "/merges",
    response_model=MergeHistory,
    summary="Every merge of a township with its report",
    **READ_MAP.route(),
)
async def merge_history(
    request: Request, session: SessionDep, township: TownshipParam = None
) -> MergeHistory:
    return MergeHistory(items=await service.merge_reports(session, township=township_in(request)))
