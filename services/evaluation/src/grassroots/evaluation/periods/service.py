"""Period use cases: close a period once (score, rank, publish), read results, explain them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.auth import Principal
from grassroots.common.db.base import utcnow
from grassroots.common.lifecycle import Change, Edge, transition
from grassroots.common.problems import ProblemError, not_found
from grassroots.evaluation.access import catalog_for_year
from grassroots.evaluation.codes import SCHEME_MISSING, SCHEME_NO_CATALOG
from grassroots.evaluation.metrics import repository as metrics_repo
from grassroots.evaluation.periods import repository, rules
from grassroots.evaluation.periods.access import SEE_RESULT, result_target
from grassroots.evaluation.periods.models import ResultRow
from grassroots.evaluation.periods.schemas import (
    EventExplained,
    Explanation,
    IndicatorExplained,
    PeriodRead,
    RatingsExplained,
    ResultRead,
)
from grassroots.evaluation.schemes import repository as schemes_repo
from grassroots.evaluation.schemes import service as schemes_service
from grassroots.evaluation.schemes.rules import RATEE_KIND
from grassroots.evaluation.settings import EvaluationPolicy


async def compute(
    session: AsyncSession, *, county: str, year: int, direction: str, policy: EvaluationPolicy
) -> list[rules.OrgResult]:
    """Scores a period from the current projections and ratings (nothing stored)."""
    scheme = await schemes_repo.of_period(session, county=county, year=year, direction=direction)
    if scheme is None:
        raise ProblemError(SCHEME_MISSING)
    document = await catalog_for_year(session, county, year)
    if document is None:
        raise ProblemError(SCHEME_NO_CATALOG)
    kind = RATEE_KIND[direction]
    orgs = sorted(u.code for u in document.org_units if u.kind == kind)
    used = [i["metric"] for i in scheme.indicators if i["source"] == "metric"]
    metrics = await metrics_repo.yearly(session, year=year, metrics=used)
    given: dict[tuple[str, str], list[float]] = defaultdict(list)
    for rating in await repository.ratings_of(
        session, county=county, year=year, direction=direction
    ):
        given[(rating.ratee, rating.indicator)].append(rating.score)
    return rules.score_period(
        orgs=orgs,
        indicators=scheme.indicators,
        metrics=metrics,
        ratings=given,
        thresholds=policy.grade_thresholds,
        lowest_grade=policy.lowest_grade,
        no_data=policy.no_data,
    )


def stored_indicators(result: rules.OrgResult) -> list[dict[str, object]]:
    items = []
    for item in result.indicators:
        data = asdict(item)
        data["ratings"] = list(item.ratings)
        items.append(data)
    return items


async def close(
    session: AsyncSession,
    *,
    principal: Principal,
    county: str,
    year: int,
    direction: str,
    policy: EvaluationPolicy,
) -> PeriodRead:
    """Closes a period once: its scheme frozen, results stored, `period.closed` and
    `result.published` emitted."""
    if await schemes_repo.of_period(session, county=county, year=year, direction=direction) is None:
        raise ProblemError(SCHEME_MISSING)
    period = await repository.for_update(session, county=county, year=year, direction=direction)
    now = utcnow()
    results: list[rules.OrgResult] = []

    async def step(edge: Edge) -> Change:
        scheme = await schemes_repo.of_period_for_update(
            session, county=county, year=year, direction=direction
        )
        assert scheme is not None  # a scheme is never deleted
        await schemes_service.freeze(session, principal, scheme)
        results[:] = await compute(
            session, county=county, year=year, direction=direction, policy=policy
        )
        period.closed_at, period.closed_by, period.scheme_version = (
            now,
            principal.sub,
            scheme.version,
        )
        for result in results:
            repository.add(session, _stored(county, year, direction, result))
        events = rules.announcements(
            county=county, year=year, direction=direction, at=now, results=results
        )
        return Change(detail={"orgs": len(results)}, events=events)

    await transition(
        session,
        rules.PERIOD,
        period,
        "close",
        principal=principal,
        step=step,
        at=now,
    )
    return PeriodRead(
        county=county,
        year=year,
        direction=direction,  # type: ignore[arg-type]
        closed_at=now,
        orgs=len(results),
    )


def _stored(county: str, year: int, direction: str, result: rules.OrgResult) -> ResultRow:
    return ResultRow(
        county=county,
        year=year,
        direction=direction,
        org=result.org,
        total=result.total,
        grade=result.grade,
        rank=result.rank,
        indicators=stored_indicators(result),
    )


def _read(row: ResultRow) -> ResultRead:
    return ResultRead(
        org=row.org,
        year=row.year,
        direction=row.direction,  # type: ignore[arg-type]
        total=row.total,
        grade=row.grade,
        rank=row.rank,
        indicators=row.indicators,  # type: ignore[arg-type]
    )


async def results(
    session: AsyncSession, *, principal: Principal, county: str, year: int, direction: str
) -> list[ResultRead]:
    """A closed period's results, each row only where its own explanation may be read."""
    if not await repository.closed(session, county=county, year=year, direction=direction):
        raise not_found("考核结果", f"{year} {direction}")
    rows = await repository.results(session, county=county, year=year, direction=direction)
    return [_read(r) for r in rows if SEE_RESULT.permits(principal, result_target(r))]


def _how(item: dict[str, object]) -> str:
    if item["source"] == "rating":
        return "得分 = 各评分的平均值；无评分为“无数据”：不计分，不参与该指标排名"
    if item["normalisation"] == "relative":
        return "得分 = 本单位数值相对最优单位的比例 × 100；分值 = 得分 × 权重 / 100"
    return (
        "得分 = 比率 × 100（越低越好的指标取 (1 − 比率) × 100）；分值 = 得分 × 权重 / 100；"
        "无分母为“无数据”：不计分，不参与该指标排名"
    )


async def explain(
    session: AsyncSession,
    *,
    county: str,
    org: str,
    year: int,
    direction: str | None,
    policy: EvaluationPolicy,
) -> Explanation:
    """Traces every point of an org's result to its metric and events, or to its ratings."""
    rows: list[ResultRow] = []
    for wanted in [direction] if direction else list(RATEE_KIND):
        rows = list(
            await repository.results(session, county=county, year=year, direction=wanted, org=org)
        )
        if rows:
            break
    if not rows:
        raise not_found("考核结果", f"{org} {year} {direction or ''}")
    row = rows[0]
    items: list[IndicatorExplained] = []
    for item in row.indicators:
        events: list[EventExplained] = []
        ratings = None
        if item["source"] == "metric":
            found = await metrics_repo.event_ids(session, org=org, year=year, metric=item["metric"])
            events = [EventExplained.model_validate(e) for e in found]
        else:
            scores = list(item.get("ratings") or [])
            ratings = RatingsExplained(count=len(scores), scores=scores, mean=item["raw"])
        fields = {k: v for k, v in item.items() if k != "ratings"}
        items.append(IndicatorExplained(**fields, events=events, ratings=ratings, how=_how(item)))
    return Explanation(
        org=org,
        year=year,
        direction=row.direction,  # type: ignore[arg-type]
        total=row.total,
        grade=row.grade,
        rank=row.rank,
        pay_linked_share=policy.pay_linked_share,
        indicators=items,
    )
