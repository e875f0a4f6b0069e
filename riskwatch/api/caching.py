"""ETag and Cache-Control on every successful GET, and 304 for a matching If-None-Match.

The ETag is a digest of the body, so it is right by construction, whatever the endpoint.
"""

from __future__ import annotations

import hashlib

from flask import Flask, Response, request

MAX_AGE_SECONDS = 30


def _conditional(response: Response) -> Response:
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    if response.direct_passthrough or response.is_streamed:
        return response
    response.headers.setdefault("Cache-Control", f"public, max-age={MAX_AGE_SECONDS}")
    response.set_etag(hashlib.sha256(response.get_data()).hexdigest()[:32])
    return response.make_conditional(request)


def init_app(app: Flask) -> None:
    app.after_request(_conditional)
