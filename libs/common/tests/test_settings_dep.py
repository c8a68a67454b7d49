"""A route's settings come typed from one dependency, never off `request.app.state`."""

from types import SimpleNamespace

import pytest
from fastapi import Request

from grassroots.common.app.settings_dep import settings_of
from grassroots.common.settings import ServiceSettings, SuiteSettings


def _request(settings: object) -> Request:
    app = SimpleNamespace(state=SimpleNamespace(settings=settings))
    return Request({"type": "http", "app": app, "headers": []})


def test_the_apps_settings_typed_or_a_type_error():
    settings = SuiteSettings()
    assert settings_of(ServiceSettings)(_request(settings)) is settings
    with pytest.raises(TypeError, match="not SuiteSettings"):
        settings_of(SuiteSettings)(_request(ServiceSettings()))
