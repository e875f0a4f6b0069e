"""CORS: off unless the operator lists origins, then only for those origins."""

from __future__ import annotations

from dataclasses import replace

from riskwatch.api import create_app
from riskwatch.services.runtime import Runtime
from tests.support import Clock

ORIGIN = "https://dashboard.example"


def test_cors_is_off_by_default(runtime: Runtime) -> None:
    response = create_app(runtime=runtime).test_client().get(
        "/healthz", headers={"Origin": ORIGIN})

    assert "Access-Control-Allow-Origin" not in response.headers


def test_listed_origins_may_read_etag_and_link(runtime: Runtime, clock: Clock) -> None:
    configured = Runtime(replace(runtime.settings, cors_origins=(ORIGIN,)),
                         database=runtime.database, clock=clock)
    client = create_app(runtime=configured).test_client()

    allowed = client.get("/healthz", headers={"Origin": ORIGIN})
    other = client.get("/healthz", headers={"Origin": "https://elsewhere.example"})
    preflight = client.options("/api/v1/feeds/x/refresh", headers={
        "Origin": ORIGIN, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "Authorization"})

    assert allowed.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert set(allowed.headers["Access-Control-Expose-Headers"].split(", ")) >= {"ETag", "Link"}
    assert "Access-Control-Allow-Origin" not in other.headers
    assert preflight.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
