"""The Flask application factory: wiring only, no behaviour of its own."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from apispec.ext.marshmallow import MarshmallowPlugin, resolver
from flask import Flask
from flask_cors import CORS
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_smorest import Api

from riskwatch import __version__
from riskwatch.api import (
    apps,
    auth,
    caching,
    docs,
    errors,
    events,
    feeds,
    health,
    items,
    metrics,
    subscriptions,
)
from riskwatch.api.context import EXTENSION
from riskwatch.api.openapi import SharedResponses
from riskwatch.config import Settings, settings_from_env
from riskwatch.services.runtime import Runtime

DESCRIPTION = """Regulatory risk for Chinese-owned apps, with the evidence behind every number.

Reads are public unless the operator requires a key; writes need `Authorization: Bearer KEY`
(`riskwatch keys create`). Every list is cursor-paginated (`limit`, `cursor`, `next_cursor`
and a `Link` header). Every error has the body `{"error": {"status", "code", "message",
"fields"?}}`. GET responses carry an `ETag`; send it back in `If-None-Match` for a 304."""


class RiskwatchApi(Api):
    """flask-smorest with our error body in the generated document."""

    ERROR_SCHEMA = errors.ErrorSchema


def schema_name(schema: Any) -> str:
    """Schema variants are instances (`SubscriptionInputSchema(partial=True)`), not copied
    classes; each still needs its own name in the OpenAPI document."""
    name = resolver(schema)
    return f"{name}Patch" if getattr(schema, "partial", False) is True else name


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
        API_SPEC_OPTIONS={"info": {"description": DESCRIPTION}},
        MAX_CONTENT_LENGTH=64 * 1024, RATELIMIT_HEADERS_ENABLED=True)
    app.config.update({key: value for key, value in config.items() if key.isupper()})
    runtime = runtime or Runtime(settings)
    app.extensions[EXTENSION] = runtime
    docs.init_app(app)
    api = RiskwatchApi(app, spec_kwargs={
        "marshmallow_plugin": MarshmallowPlugin(schema_name_resolver=schema_name),
        "extra_plugins": [SharedResponses(reads_need_key=settings.reads_need_key)]})
    errors.init_app(app)
    auth.init_app(app, api, reads_need_key=settings.reads_need_key)
    metrics.init_app(app, runtime)
    caching.init_app(app)
    Limiter(get_remote_address, app=app, default_limits=[settings.rate_limit] if
            settings.rate_limit else [], storage_uri="memory://")
    if settings.cors_origins:
        CORS(app, origins=list(settings.cors_origins), expose_headers=["ETag", "Link"])
    for blueprint in (health.blp, metrics.blp, apps.blp, events.blp, items.blp, feeds.blp,
                      subscriptions.blp):
        api.register_blueprint(blueprint)
    return app
