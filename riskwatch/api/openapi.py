"""What every operation may answer besides its own response, documented in one place.

A view declares its success body and its 422; the answers that come from the shell around the
views (304 and the caching headers, 400 for a bad cursor, 401/403 from auth, 404 for an unknown
id in the path, 429 from the rate limit) are added here to each operation they can happen to,
so the OpenAPI document lists every status a client can see and the fuzz test holds us to it.
"""

from __future__ import annotations

from typing import Any

from apispec import BasePlugin

from riskwatch.api.auth import PUBLIC_PATHS, SECURITY

_CACHING_HEADERS = {
    "ETag": {"description": "Digest of the body; send it back in If-None-Match for a 304.",
             "required": True, "schema": {"type": "string"}},
    "Cache-Control": {"description": "How long a cache may reuse the response.",
                      "required": True, "schema": {"type": "string"}},
}
_LINK_HEADER = {"Link": {"description": 'RFC 8288 `<url>; rel="next"`, on all but the last page.',
                         "schema": {"type": "string"}}}


class SharedResponses(BasePlugin):
    def __init__(self, *, reads_need_key: bool) -> None:
        self.reads_need_key = reads_need_key

    def operation_helper(self, path: str | None = None,
                         operations: dict[str, Any] | None = None, **_: Any) -> None:
        for method, operation in (operations or {}).items():
            self._document(path or "", method, operation)

    def _document(self, path: str, method: str, operation: dict[str, Any]) -> None:
        declared = "security" in operation  # by the view: a write, which may need an admin key
        if self.reads_need_key and not path.startswith(PUBLIC_PATHS):
            operation.setdefault("security", SECURITY)
        parameters = {p.get("name") for p in operation.get("parameters", ())}
        responses = operation.setdefault("responses", {})
        if method == "get":
            responses.setdefault("304", "NOT_MODIFIED")
            success = responses.get("200")
            if isinstance(success, dict):
                success.setdefault("headers", {}).update(_CACHING_HEADERS)
                if "cursor" in parameters:
                    success["headers"].update(_LINK_HEADER)
        if "cursor" in parameters:
            responses.setdefault("400", "BAD_REQUEST")
        if "security" in operation:
            responses.setdefault("401", "UNAUTHORIZED")
        if declared:
            responses.setdefault("403", "FORBIDDEN")
        if "{" in path:
            responses.setdefault("404", "NOT_FOUND")
        responses.setdefault("429", "TOO_MANY_REQUESTS")
