"""Schemathesis over every operation of the app's own OpenAPI document, in process.

It runs schemathesis' engine (what `schemathesis run` does: examples, coverage and fuzzing
phases) against the WSGI app, with a fixed seed, a bounded number of examples per operation
and an admin key, on a database filled through the ingest path. Any server error fails the
test, and so does any response its operation does not document: status code, content type,
headers or body schema; invalid input must be refused with a 4xx.

The engine rather than `@schema.parametrize()`: schemathesis' pytest plugin does not run under
pytest 9.2 (it sets `Function._nodeid`, which pytest no longer has). The `ignored_auth` check
is left out: on a WSGI app it fails inside schemathesis (it passes `max_redirects` to
werkzeug's test client).
"""

from __future__ import annotations

from typing import Any

import schemathesis
from pytest_httpserver import HTTPServer
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import Status, events, from_schema
from schemathesis.engine.run import PhaseName

from riskwatch.api import create_app
from riskwatch.services.setup import prepare_database
from riskwatch.store.keys import create_key
from tests.api_support import NOW, Filled
from tests.support import feed_entry, rss, write_feeds_file

SEED = 20250117
CHECKS = ("not_a_server_error", "status_code_conformance", "content_type_conformance",
          "response_headers_conformance", "response_schema_conformance",
          "negative_data_rejection", "unsupported_method")
CONFIG: dict[str, Any] = {
    "seed": SEED,
    "generation": {"max-examples": 25, "deterministic": True, "database": "none"},
    "phases": {"stateful": {"enabled": False}},
    "checks": {"enabled": False, **{name: {"enabled": True} for name in CHECKS}},
}


def run_schemathesis(schema: Any) -> tuple[set[str], list[str]]:
    """The operations the fuzzing phase exercised, and every problem found, described."""
    fuzzed: set[str] = set()
    problems: list[str] = []
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            if event.phase == PhaseName.FUZZING and event.status != Status.SKIP:
                fuzzed.add(event.label or "")
            for checks in event.recorder.checks.values():
                problems.extend(
                    f"{event.label}: {check.name}: {check.failure_info.failure.title}\n"
                    f"{check.failure_info.failure.message}\n{check.failure_info.code_sample}"
                    for check in checks
                    if check.status == Status.FAILURE and check.failure_info is not None)
        elif isinstance(event, events.NonFatalError | events.FatalError):
            problems.append(f"{getattr(event, 'label', '')}: {event.info.traceback}")
    return fuzzed, problems


def test_every_operation_answers_as_its_schema_says(
        filled: Filled, feed_server: HTTPServer) -> None:
    feed_server.expect_request("/rss").respond_with_data(
        rss(("g", "Judge blocks Montana's TikTok ban", "Fri, 17 Jan 2025 14:00:00 GMT")),
        content_type="application/rss+xml")
    with filled.runtime() as runtime:
        # A live feed on loopback, so refreshing it runs the real pipeline quickly.
        write_feeds_file(runtime.settings.feeds_file,
                         [feed_entry("live", feed_server.url_for("/rss"))])
        prepare_database(runtime)
        with runtime.database.writing() as session:
            key = create_key(session, "fuzz", NOW, admin=True)
        app = create_app(runtime=runtime)
        config = SchemathesisConfig.from_dict(
            {**CONFIG, "auth": {"openapi": {"bearerAuth": {"bearer": key}}}})
        schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app, config=config)
        operations = {op.ok().label for op in schema.get_all_operations()}

        fuzzed, problems = run_schemathesis(schema)

    assert not problems, "\n\n".join(problems)
    assert fuzzed == operations
