"""Spans cost nothing until an SDK is set up, and are made once one is (a fresh interpreter: a
process sets its tracer provider once)."""

import subprocess
import sys
import textwrap

from grassroots.common import tracing

SCRIPT = textwrap.dedent(
    """
    from opentelemetry import trace
    from opentelemetry.trace import NonRecordingSpan, TracerProvider, Tracer, INVALID_SPAN_CONTEXT
    from grassroots.common import tracing

    made = []

    class Recording(Tracer):
        def start_span(self, name, context=None, kind=None, attributes=None, **kw):
            made.append((name, dict(attributes or {})))
            return NonRecordingSpan(INVALID_SPAN_CONTEXT)

        def start_as_current_span(self, name, context=None, kind=None, attributes=None, **kw):
            return trace.use_span(self.start_span(name, attributes=attributes), end_on_exit=True)

    class Provider(TracerProvider):
        def get_tracer(self, *args, **kwargs):
            return Recording()

    assert not tracing.active()
    with tracing.message_span("process", "t", "type", "id-1", "g"):
        pass
    assert made == []
    trace.set_tracer_provider(Provider())
    tracing._checked["at"] = -1.0  # the once-a-second look happens now
    with tracing.message_span("process", "t", "type", "id-1", "g"):
        pass
    with tracing.batch_span("publish", "t", 3):
        pass
    assert [n for n, _ in made] == ["process", "publish"], made
    assert made[0][1]["cloudevents.event_id"] == "id-1"
    assert made[1][1]["messaging.batch.message_count"] == 3
    print("ok")
    """
)


def test_no_span_is_made_while_tracing_is_off():
    assert not tracing.active()


def test_spans_are_made_once_an_sdk_is_set_up():
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok", done.stdout
