"""GET /metrics in the Prometheus text format.

Work counters (fetches, errors, items, events, deliveries) are read from the database at scrape
time: the scheduler may run in another process, and every API worker must report the same
numbers. Request latency is per process, as Prometheus expects of a histogram.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

from flask import Flask, Response, current_app, g, request
from flask.views import MethodView
from flask_smorest import Blueprint
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

from riskwatch.services.runtime import Runtime
from riskwatch.store.stats import totals
from riskwatch.store.webhooks import delivery_counts

REGISTRY = "riskwatch.metrics"

blp = Blueprint("metrics", __name__, description="Prometheus metrics.")


class StoreCollector(Collector):
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    def collect(self) -> Iterator[CounterMetricFamily | GaugeMetricFamily]:
        with self.runtime.database.reading() as session:
            found = totals(session)
            deliveries = delivery_counts(session)
        fetches = CounterMetricFamily("riskwatch_feed_fetches", "Feed polls attempted",
                                      labels=["feed"])
        errors = CounterMetricFamily("riskwatch_feed_errors", "Feed polls that failed",
                                     labels=["feed"])
        failing = GaugeMetricFamily("riskwatch_feed_consecutive_errors",
                                    "Failures in a row per feed", labels=["feed"])
        for feed in found.feeds:
            fetches.add_metric([feed.feed_id], feed.fetches_total)
            errors.add_metric([feed.feed_id], feed.errors_total)
            failing.add_metric([feed.feed_id], feed.consecutive_errors)
        yield fetches
        yield errors
        yield failing
        yield GaugeMetricFamily("riskwatch_items", "Items stored", value=found.items)
        yield GaugeMetricFamily("riskwatch_relevant_items", "Items tagged relevant",
                                value=found.relevant_items)
        yield GaugeMetricFamily("riskwatch_events", "Events stored", value=found.events)
        by_status = GaugeMetricFamily("riskwatch_deliveries", "Webhook deliveries by status",
                                      labels=["status"])
        for status, count in sorted(deliveries.items()):
            by_status.add_metric([status], count)
        yield by_status


@blp.route("/metrics")
class Metrics(MethodView):
    @blp.response(200, content_type=CONTENT_TYPE_LATEST,
                  description="The Prometheus text exposition format.")
    def get(self) -> Response:
        """Feed fetches and errors, items, events, deliveries, and request latency."""
        return Response(generate_latest(current_app.extensions[REGISTRY]),
                        content_type=CONTENT_TYPE_LATEST, headers={"Cache-Control": "no-store"})


def init_app(app: Flask, runtime: Runtime) -> None:
    registry = CollectorRegistry()
    registry.register(StoreCollector(runtime))
    app.extensions[REGISTRY] = registry
    latency = Histogram("riskwatch_http_request_duration_seconds", "API request latency",
                        ["method", "endpoint", "status"], registry=registry,
                        buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5))

    @app.before_request
    def _start_timer() -> None:
        g.request_started = time.perf_counter()

    @app.after_request
    def _observe(response: Response) -> Response:
        started = g.get("request_started")
        if started is not None:
            latency.labels(request.method, request.url_rule.rule if request.url_rule else "none",
                           str(response.status_code)).observe(time.perf_counter() - started)
        return response
