"""One error body for every failure: {"error": {"status", "code", "message", "fields"?}}."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, jsonify
from marshmallow import Schema, fields
from werkzeug.exceptions import HTTPException, InternalServerError

log = logging.getLogger(__name__)


class ErrorBodySchema(Schema):
    status = fields.Integer(required=True)
    code = fields.String(required=True)
    message = fields.String(required=True)
    fields_ = fields.Dict(data_key="fields", metadata={
        "description": "Per-field problems, for 400 and 422."})


class ErrorSchema(Schema):
    """The one error body every endpoint answers with."""

    error = fields.Nested(ErrorBodySchema, required=True)


def error_response(status: int, code: str, message: str,
                   fields: dict[str, Any] | None = None,
                   headers: dict[str, str] | None = None) -> Response:
    body: dict[str, Any] = {"status": status, "code": code, "message": message}
    if fields:
        body["fields"] = fields
    response = jsonify({"error": body})
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _code(exc: HTTPException) -> str:
    return (exc.name or "error").lower().replace(" ", "_").replace("'", "")


def _http_error(exc: HTTPException) -> Response:
    status = exc.code or 500
    data = getattr(exc, "data", None)
    data = data if isinstance(data, dict) else {}
    # webargs reports validation failures as `messages`, our own abort(...) calls as `errors`;
    # both group field errors by location (query, json, ...): flatten them for the caller.
    problems: dict[str, Any] = {}
    for location_errors in (data.get("messages") or data.get("errors") or {}).values():
        problems.update(location_errors if isinstance(location_errors, dict) else {})
    message = data.get("message") or exc.description
    if status == 422 and problems and "message" not in data:
        message = "invalid parameters: " + ", ".join(sorted(problems))
    # 405 carries Allow and 429 Retry-After; abort(..., headers=) adds e.g. WWW-Authenticate.
    headers = {**(dict(exc.get_headers()) if status in (405, 429) else {}),
               **(data.get("headers") or {})}
    headers.pop("Content-Type", None)
    return error_response(status, _code(exc), str(message), problems, headers)


def _unexpected(exc: Exception) -> Response:
    log.exception("unhandled error", exc_info=exc)
    return error_response(500, "internal_server_error",
                          InternalServerError.description or "internal error")


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)
