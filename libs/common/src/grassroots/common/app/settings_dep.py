"""A service's settings as a typed route dependency (`Annotated[GridSettings,
Depends(settings_of(GridSettings))]`, declared once in each service's settings module), never
read off `request.app.state` in a route."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from fastapi import Request

from grassroots.common.settings import ServiceSettings

S = TypeVar("S", bound=ServiceSettings)


def settings_of(cls: type[S]) -> Callable[[Request], S]:
    """The dependency giving the running app's settings as `cls` (TypeError if they are not)."""

    def settings(request: Request) -> S:
        found = request.app.state.settings
        if not isinstance(found, cls):
            raise TypeError(f"the app's settings are {type(found).__name__}, not {cls.__name__}")
        return found

    return settings
