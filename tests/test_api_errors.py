"""One error body for every failure: 404, 405, 422, 429 and even an unexpected 500."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient
from sqlalchemy import text

from riskwatch.api import create_app
from riskwatch.api.context import EXTENSION
from tests.api_support import Filled


@pytest.fixture(scope="module")
def client(filled: Filled) -> Iterator[FlaskClient]:
    with filled.client() as test_client:
        yield test_client


def test_an_unknown_route_is_404_in_the_error_shape(client: FlaskClient) -> None:
    response = client.get("/api/v1/nothing-here")

    assert response.status_code == 404 and response.mimetype == "application/json"
    assert set(response.get_json()["error"]) == {"status", "code", "message"}


@pytest.mark.parametrize(("method", "path", "allow"), [
    ("POST", "/api/v1/apps", {"GET", "HEAD", "OPTIONS"}),
    ("DELETE", "/api/v1/events/ev-1", {"GET", "HEAD", "OPTIONS"}),
    ("GET", "/api/v1/feeds/dead/refresh", {"OPTIONS", "POST"}),
])
def test_a_wrong_method_is_405_with_allow(client: FlaskClient, method: str, path: str,
                                          allow: set[str]) -> None:
    response = client.open(path, method=method)

    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) == allow
    assert response.get_json() == {"error": {
        "status": 405, "code": "method_not_allowed",
        "message": "The method is not allowed for the requested URL."}}


def test_bad_parameters_are_422_naming_every_field(client: FlaskClient) -> None:
    response = client.get("/api/v1/apps/tiktok/timeline", query_string={
        "since": "yesterday", "direction": "up", "limit": "500"})

    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "unprocessable_entity"
    assert error["message"] == "invalid parameters: direction, limit, since"
    assert set(error["fields"]) == {"direction", "limit", "since"}
    assert error["fields"]["since"] == ["Not a valid date."]


def test_a_repeated_parameter_names_the_bad_value(client: FlaskClient) -> None:
    response = client.get("/api/v1/events", query_string={"event_type": ["fine", "ban"]})

    assert response.get_json()["error"]["fields"]["event_type"].keys() == {"1"}


def test_head_and_options_answer_without_a_body(client: FlaskClient) -> None:
    head = client.head("/api/v1/apps")
    options = client.options("/api/v1/apps")

    assert head.status_code == 200 and head.get_data() == b""
    assert options.status_code == 200 and "GET" in options.headers["Allow"]


def test_too_many_requests_to_an_endpoint_is_429_with_retry_after(
        filled: Filled) -> None:
    with filled.runtime() as runtime:
        app = create_app(config={"database_url": runtime.settings.database_url,
                                 "rate_limit": "2 per minute"})
        client = app.test_client()

        statuses = [client.get("/api/v1/apps", query_string={"sort": sort}).status_code
                    for sort in ("slug", "-slug")]
        limited = client.get("/api/v1/apps", query_string={"sort": "score"})
        kept_copy = client.get("/api/v1/apps", query_string={"sort": "slug"})
        other_endpoint = client.get("/api/v1/events")
        app.extensions[EXTENSION].close()

    assert statuses == [200, 200] and other_endpoint.status_code == 200
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) > 0
    # What the API already keeps costs less to serve than to count.
    assert kept_copy.status_code == 200 and "Age" in kept_copy.headers
    assert limited.get_json()["error"]["code"] == "too_many_requests"
    assert "2 per 1 minute" in limited.get_json()["error"]["message"]


def test_an_unexpected_failure_is_500_in_the_error_shape(
        filled: Filled, caplog: pytest.LogCaptureFixture) -> None:
    with filled.runtime() as runtime:
        with runtime.database.writing() as session:
            session.execute(text("DROP TABLE event_apps"))
        client = create_app(runtime=runtime).test_client()

        with caplog.at_level(logging.ERROR, logger="riskwatch.api.errors"):
            response = client.get("/api/v1/events")

    assert response.status_code == 500
    assert response.get_json()["error"]["code"] == "internal_server_error"
    assert "event_apps" not in response.get_data(as_text=True)
    # SQLite's words, then PostgreSQL's.
    assert re.search(r'no such table: event_apps|relation "event_apps" does not exist',
                     caplog.text)
