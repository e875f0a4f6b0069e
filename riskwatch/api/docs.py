"""The human API docs page: Swagger UI served from the installed package, never from a CDN."""

from __future__ import annotations

from flask import Blueprint, Flask
from swagger_ui_bundle import swagger_ui_path

ASSETS_URL = "/api/docs/assets/"

assets = Blueprint("docs_assets", __name__, static_folder=swagger_ui_path,
                   static_url_path=ASSETS_URL.rstrip("/"))


def init_app(app: Flask) -> None:
    app.config.update(OPENAPI_SWAGGER_UI_PATH="/docs", OPENAPI_SWAGGER_UI_URL=ASSETS_URL)
    app.register_blueprint(assets)
