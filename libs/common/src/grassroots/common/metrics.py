"""Prometheus metrics of the suite (one process = one service; `service` label kept for tests)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

HTTP_DURATION = Histogram(
    "grassroots_http_request_duration_seconds",
    "HTTP request duration by route and status",
    ["service", "method", "route", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10),
)
MESSAGES = Counter(
    "grassroots_messages_processed_total",
    "Consumed messages by result (applied, duplicate, skipped_unknown, skipped_unhandled, dead_lettered)",
    ["service", "topic", "result"],
)
CONSUMER_LAG = Gauge(
    "grassroots_consumer_lag", "Records behind the partition end", ["service", "topic", "partition"]
)
OUTBOX_PENDING = Gauge("grassroots_outbox_pending", "Outbox rows not yet published", ["service"])
OUTBOX_PUBLISHED = Counter(
    "grassroots_outbox_published_total", "Outbox rows published", ["service", "topic"]
)
INBOX_DUPLICATES = Counter(
    "grassroots_inbox_duplicates_total",
    "Deliveries already applied (inbox hit)",
    ["service", "topic"],
)
DEAD_LETTERED = Counter(
    "grassroots_dead_lettered_total", "Messages sent to a dead-letter topic", ["service", "topic"]
)
