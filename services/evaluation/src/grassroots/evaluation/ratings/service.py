"""Rating use cases: rate (a second rating replaces the first until the period closes).

A rating holds its period's lock: concurrent ratings queue instead of colliding on the unique
key, the first one freezes the scheme, and a close never misses a rating it did not see."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common import audit
from grassroots.common.auth import Principal
from grassroots.common.codes import AUTH_ORG
from grassroots.common.db.base import utcnow
from grassroots.common.problems import ProblemError
from grassroots.evaluation.access import catalog_for_year
from grassroots.evaluation.codes import SCHEME_MISSING, SCHEME_NO_CATALOG
from grassroots.evaluation.periods import repository as periods_repo
from grassroots.evaluation.periods.models import RatingRow
from grassroots.evaluation.ratings import rules
from grassroots.evaluation.ratings.schemas import RatingCreate, RatingRead
from grassroots.evaluation.schemes import repository as schemes_repo
from grassroots.evaluation.schemes import service as schemes_service


async def rate(
    session: AsyncSession, *, principal: Principal, county: str, body: RatingCreate
) -> RatingRead:
    """Records the caller's org's rating of a ratee on one indicator."""
    if body.rater is not None and body.rater != principal.org:
        raise ProblemError(AUTH_ORG, "只能以本单位名义评分", f"本单位为 {principal.org}")
    scheme = await schemes_repo.of_period(
        session, county=county, year=body.year, direction=body.direction
    )
    if scheme is None:
        raise ProblemError(SCHEME_MISSING)
    document = await catalog_for_year(session, county, body.year)
    if document is None:
        raise ProblemError(SCHEME_NO_CATALOG)
    rater_unit = document.org_unit(principal.org)
    ratee_unit = document.org_unit(body.ratee)
    # the period locked first (the close takes it too), then its scheme read again under it
    period = await periods_repo.for_update(
        session, county=county, year=body.year, direction=body.direction
    )
    scheme = await schemes_repo.of_period_for_update(
        session, county=county, year=body.year, direction=body.direction
    )
    assert scheme is not None  # a scheme is never deleted
    rules.check_rating(
        direction=body.direction,
        indicator=next((i for i in scheme.indicators if i["code"] == body.indicator), None),
        rater=principal.org,
        rater_kind=rater_unit.kind if rater_unit else None,
        ratee=body.ratee,
        ratee_kind=ratee_unit.kind if ratee_unit else None,
        closed=period.status == "closed",
    )
    await schemes_service.freeze(session, principal, scheme)
    row = await periods_repo.find_rating(
        session,
        county=county,
        year=body.year,
        direction=body.direction,
        rater=principal.org,
        ratee=body.ratee,
        indicator=body.indicator,
    )
    replaced = row is not None
    if row is None:
        row = RatingRow(
            county=county,
            year=body.year,
            direction=body.direction,
            rater=principal.org,
            ratee=body.ratee,
            indicator=body.indicator,
            score=body.score,
            rated_at=utcnow(),
        )
        periods_repo.add_rating(session, row)
    else:
        row.score = body.score
        row.rated_at = utcnow()
    await session.flush()
    audit.record(
        session,
        principal,
        entity="rating",
        entity_id=str(row.id),
        action="replace" if replaced else "rate",
        changes={"ratee": body.ratee, "indicator": body.indicator, "score": body.score},
    )
    return RatingRead(
        year=body.year,
        direction=body.direction,
        rater=principal.org,
        ratee=body.ratee,
        indicator=body.indicator,
        score=body.score,
        replaced=replaced,
    )
