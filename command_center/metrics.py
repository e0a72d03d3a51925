"""What `/metrics` tells Prometheus and `/healthz` tells a load balancer.

Counters that follow the event stream (findings, so checks per second is their rate; the
delay from an event's time to the command centre, the bus lag) are fed by a subscription of
their own; everything that is state (cameras by state, alerts raised, websocket clients and
their queues) is read from the services when scraped, so it can never drift from them.
"""

from __future__ import annotations

import asyncio
from collections import Counter as Tally
from collections.abc import Iterator
from datetime import UTC, datetime

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from command_center.services import Services
from events.ports import Subscription
from events.schema import ConnectionState, Event, Finding

# Seconds from an event's timestamp to its intake: in-process it is milliseconds; over Redis
# tens of ms; seconds mean a consumer is behind.
LAG_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class _StateCollector(Collector):
    def __init__(self, services: Services) -> None:
        self._services = services

    def collect(self) -> Iterator[Metric]:
        yield self._cameras()
        yield self._alerts()
        yield from self._websocket()

    def _cameras(self) -> Metric:
        family = GaugeMetricFamily("cc_cameras", "Cameras by connection state", labels=["state"])
        states = Tally(view.state for view in self._services.cameras.all())
        for state in ConnectionState:
            family.add_metric([state.value], states[state])
        return family

    def _alerts(self) -> Metric:
        family = CounterMetricFamily(
            "cc_alerts_raised", "Alerts raised since start", labels=["check", "severity"]
        )
        raised = Tally((a.check.value, a.severity.value) for a in self._services.alerts.list())
        for (check, severity), count in sorted(raised.items()):
            family.add_metric([check, severity], count)
        return family

    def _websocket(self) -> Iterator[Metric]:
        hub = self._services.hub
        yield GaugeMetricFamily("cc_websocket_clients", "Live websocket clients", hub.client_count)
        depths = hub.queue_depths()
        yield GaugeMetricFamily(
            "cc_websocket_queued_messages", "Messages queued for all clients", sum(depths)
        )
        yield GaugeMetricFamily(
            "cc_websocket_queue_max", "The longest client queue", max(depths, default=0)
        )


class Metrics:
    def __init__(self, services: Services) -> None:
        self.registry = CollectorRegistry()
        self.registry.register(_StateCollector(services))
        self.findings = Counter(
            "cc_findings",
            "Check findings received; their rate is the checks per second",
            ["check", "verdict"],
            registry=self.registry,
        )
        self.bus_lag = Histogram(
            "cc_bus_lag_seconds",
            "From an event's time to the command centre",
            buckets=LAG_BUCKETS,
            registry=self.registry,
        )

    def observe(self, event: Event, now: datetime) -> None:
        self.bus_lag.observe(max(0.0, (now - event.ts).total_seconds()))
        if isinstance(event, Finding):
            self.findings.labels(event.check.value, event.verdict.value).inc()

    async def consume(self, subscription: Subscription) -> None:
        async for event in subscription:
            self.observe(event, datetime.now(UTC))
            subscription.ack(event)
            await asyncio.sleep(0)
