"""Optimistic concurrency over HTTP: a resource's version is its ETag; `If-Match` must name it."""

from __future__ import annotations

from typing import Annotated

from fastapi import Header, Response

from grassroots.common.codes import PRECONDITION
from grassroots.common.problems import ProblemError

IfMatch = Annotated[str | None, Header(alias="If-Match", max_length=100)]


def etag(version: int) -> str:
    """The ETag of a resource at `version`."""
    return f'"{version}"'


def set_etag(response: Response, version: int) -> None:
    response.headers["ETag"] = etag(version)


def check_if_match(if_match: str | None, version: int, what: str) -> None:
    """Passes without If-Match, with `*`, or when one of its tags names `version` (a weak `W/`
    tag too, as clients copy them); otherwise 412 `E-PRECONDITION`: someone changed it first."""
    if if_match is None:
        return
    tags = [tag.strip().removeprefix("W/").strip('"') for tag in if_match.split(",")]
    if "*" in tags or str(version) in tags:
        return
    raise ProblemError(PRECONDITION, f"{what}已被他人修改，请刷新后重试", f"当前版本 {version}")
