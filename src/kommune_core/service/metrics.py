"""Prometheus metrics of the service (prometheus_client).

One :class:`Metrics` per application, each with its own registry (tests build many apps in
one process). With ``--workers N`` the CLI sets ``PROMETHEUS_MULTIPROC_DIR`` before the
workers start: every worker then writes its samples to files there and ``/metrics`` (answered
by whichever worker gets the scrape) sums them over all workers — counters and histograms add
up; the process gauges are per worker (labelled ``pid``). Without that variable the figures
are this worker's only.
"""

from __future__ import annotations

import os
from typing import Any

__all__ = ["Metrics"]

BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class Metrics:
    def __init__(self) -> None:
        from prometheus_client import CollectorRegistry, Counter, Histogram

        self.multiprocess = bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))
        self.registry = r = CollectorRegistry(auto_describe=True)

        def counter(name: str, doc: str, *labels: str) -> Counter:
            return Counter(name, doc, labels, registry=r)

        def histogram(name: str, doc: str, *labels: str) -> Histogram:
            return Histogram(name, doc, labels, buckets=BUCKETS, registry=r)

        self.requests = counter(
            "kommune_http_requests", "HTTP requests by route and status", "route", "status"
        )
        self.latency = histogram(
            "kommune_http_request_duration_seconds",
            "Time from the request's arrival to the last byte of the response",
            "route",
        )
        self.messages = counter(
            "kommune_messages_validated",
            "Messages validated, by verdict (acceptable, not_acceptable, unprocessable)",
            "verdict",
        )
        self.validation = histogram(
            "kommune_validation_duration_seconds", "Engine time per message"
        )
        self.schema_cache = counter(
            "kommune_schema_cache",
            "Compiled-schema cache lookups per message (hit: already compiled in this worker)",
            "result",
        )
        self.budget_exceeded = counter(
            "kommune_time_budget_exceeded",
            "Requests answered 503 because validation took longer than the time budget",
        )
        if not self.multiprocess:
            from prometheus_client import ProcessCollector

            ProcessCollector(registry=r)

    def observe_request(self, route: str, status: int, seconds: float) -> None:
        self.requests.labels(route, str(status)).inc()
        self.latency.labels(route).observe(seconds)

    def observe_outcome(self, outcome: Any) -> None:
        verdict = {200: "acceptable", 406: "not_acceptable"}.get(outcome.status, "unprocessable")
        self.messages.labels(verdict).inc()
        self.validation.observe(outcome.seconds)
        if outcome.schema_cache_hit is not None:
            self.schema_cache.labels("hit" if outcome.schema_cache_hit else "miss").inc()

    def exposition(self) -> tuple[bytes, str]:
        from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

        if self.multiprocess:
            from prometheus_client import multiprocess

            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)
            return generate_latest(registry), CONTENT_TYPE_LATEST
        return generate_latest(self.registry), CONTENT_TYPE_LATEST
