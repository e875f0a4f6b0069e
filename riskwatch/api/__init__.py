"""The Flask application factory: wiring only, no behaviour of its own."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from flask import Flask
from flask_smorest import Api

from riskwatch import __version__
from riskwatch.api import errors, feeds, health
from riskwatch.api.context import EXTENSION
from riskwatch.config import Settings, settings_from_env
from riskwatch.services.runtime import Runtime


def create_app(config: Mapping[str, Any] | None = None, *,
               runtime: Runtime | None = None) -> Flask:
    """Build the app. `config` overrides Settings fields (by lower-case name) and Flask keys.

    It never starts the scheduler: under gunicorn every worker calls this.
    """
    config = dict(config or {})
    settings: Settings = runtime.settings if runtime else settings_from_env().with_overrides(
        {key.lower(): value for key, value in config.items()
         if key.lower() in Settings.__dataclass_fields__})
    logging.basicConfig(level=settings.log_level)
    app = Flask(__name__)
    app.config.update(
        API_TITLE="riskwatch", API_VERSION=__version__, OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/api", OPENAPI_JSON_PATH="openapi.json",
        JSON_SORT_KEYS=False, MAX_CONTENT_LENGTH=64 * 1024)
    app.config.update({key: value for key, value in config.items() if key.isupper()})
    app.extensions[EXTENSION] = runtime or Runtime(settings)
    api = Api(app)
    errors.init_app(app)
    for blueprint in (health.blp, feeds.blp):
        api.register_blueprint(blueprint)
    return app
