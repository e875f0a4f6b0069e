"""Bearer API keys: every write needs one; reads too when the operator says so."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import Flask, g, request
from flask_smorest import Api, abort

from riskwatch.api.context import runtime
from riskwatch.store.keys import find_key

SCHEME = "bearerAuth"
SECURITY = [{SCHEME: []}]
# Always public, so monitoring and clients can find their way even in key-only mode.
PUBLIC_PATHS = ("/healthz", "/metrics", "/api/openapi.json", "/api/docs")

View = TypeVar("View", bound=Callable[..., Any])


@dataclass(frozen=True, slots=True)
class Caller:
    key_id: int
    name: str
    admin: bool


def _authenticate() -> Caller:
    header = request.headers.get("Authorization", "")
    scheme, _, key = header.partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        abort(401, message="authorization: send 'Authorization: Bearer <key>'",
              headers={"WWW-Authenticate": 'Bearer realm="riskwatch"'})
    with runtime().database.reading() as session:
        row = find_key(session, key.strip())
        if row is None:
            abort(401, message="authorization: unknown or revoked API key",
                  headers={"WWW-Authenticate": 'Bearer realm="riskwatch", error="invalid_token"'})
        return Caller(row.id, row.name, row.admin)


def current_caller() -> Caller:
    caller = g.get("caller")
    if caller is None:
        caller = g.caller = _authenticate()
    return caller


def require_key(view: View) -> View:
    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        current_caller()
        return view(*args, **kwargs)
    return wrapper  # type: ignore[return-value]


def require_admin(view: View) -> View:
    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not current_caller().admin:
            abort(403, message="authorization: this action needs an admin key "
                               "(riskwatch keys create --admin)")
        return view(*args, **kwargs)
    return wrapper  # type: ignore[return-value]


def _reads_need_key() -> None:
    if request.method == "OPTIONS" or request.path.startswith(PUBLIC_PATHS):
        return
    current_caller()


def init_app(app: Flask, api: Api, *, reads_need_key: bool) -> None:
    api.spec.components.security_scheme(
        SCHEME, {"type": "http", "scheme": "bearer",
                 "description": "An API key from `riskwatch keys create`."})
    if reads_need_key:
        app.before_request(_reads_need_key)
