"""The load benchmark's results: per endpoint, overall, end-to-end events, against the baselines."""

from __future__ import annotations

from os import cpu_count
from typing import TYPE_CHECKING, Any

from grassroots.common.services import SERVICE_NAMES
from tests.bench import workload
from tests.bench.county import TEMPLATE_CANDIDATES
from tests.bench.http_write import percentiles
from tests.bench.report import Table, write_tables

if TYPE_CHECKING:
    from tests.bench.load import Run

STAGES = {
    "broker": "commit → on the broker",
    "projected": "commit → projected in evaluation (end to end)",
}


def stats(latencies: list[float], elapsed: float | None = None) -> dict[str, Any]:
    """Count, rate (if `elapsed`) and p50/p95/p99 in ms of latencies in seconds."""
    if not latencies:
        return {"count": 0}
    if len(latencies) == 1:
        p50 = p95 = p99 = latencies[0] * 1000
    else:
        p50, p95, p99 = percentiles(latencies)
    out: dict[str, Any] = {"count": len(latencies), "p50_ms": p50, "p95_ms": p95, "p99_ms": p99}
    if elapsed:
        out["rps"] = len(latencies) / elapsed
    return out


def _ratio(value: float | None, base: float | None) -> str:
    return f"{value / base:.2f}" if value and base else "–"


def _ms(s: dict[str, Any], key: str) -> str:
    return f"{s[key]:.1f}" if key in s else "–"


def _http(run: Run) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    rec = run.recorder
    base = {**stats(run.baseline.latencies), "rps": run.baseline.rate}
    every = [x for lat in rec.latencies.values() for x in lat]
    writes = [x for e, lat in rec.latencies.items() if not e.startswith("GET") for x in lat]
    reads = [x for e, lat in rec.latencies.items() if e.startswith("GET") for x in lat]
    summary = {
        "baseline": base,
        "all": stats(every, run.elapsed),
        "writes": stats(writes, run.elapsed),
        "reads": stats(reads, run.elapsed),
    }
    endpoints = [
        {"endpoint": e, **stats(lat, run.elapsed), "errors": rec.error_count(e)}
        for e, lat in sorted(rec.latencies.items(), key=lambda kv: -len(kv[1]))
    ]
    for e in {e for (e, _, _) in rec.errors} - set(rec.latencies):
        endpoints.append({"endpoint": e, "count": 0, "errors": rec.error_count(e)})
    return summary, endpoints


def _events(probes: dict[str, Any]) -> dict[str, Any]:
    """Raw baseline, per probe kind and over all probes: the stages' latency statistics."""
    samples = probes["samples"]
    ok = [s for s in samples if "error" not in s]
    kinds: dict[str, Any] = {}
    for kind in dict.fromkeys(s["kind"] for s in samples):
        mine = [s for s in ok if s["kind"] == kind]
        kinds[kind] = {stage: stats([s[stage] for s in mine]) for stage in STAGES}
        kinds[kind]["failed"] = sum(1 for s in samples if s["kind"] == kind and "error" in s)
    return {
        "raw": stats(probes["raw"]),
        "kinds": kinds,
        "all probes": {stage: stats([s[stage] for s in ok]) for stage in STAGES},
        "failed": len(samples) - len(ok),
    }


def _http_table(summary: dict[str, Any]) -> Table:
    base = summary["baseline"]
    rows = []
    for label, key in (
        ("baseline (a): bare FastAPI + asyncpg INSERT", "baseline"),
        ("suite, every request (mixed, 4 services)", "all"),
        ("suite, writes (POST)", "writes"),
        ("suite, reads (GET)", "reads"),
    ):
        s = summary[key]
        rows.append(
            [
                label,
                str(s.get("count", 0)),
                f"{s.get('rps', 0):.1f}",
                _ms(s, "p50_ms"),
                _ms(s, "p95_ms"),
                _ms(s, "p99_ms"),
                "–" if key == "baseline" else _ratio(s.get("rps"), base.get("rps")),
                "–" if key == "baseline" else _ratio(s.get("p50_ms"), base.get("p50_ms")),
                "–" if key == "baseline" else _ratio(s.get("p95_ms"), base.get("p95_ms")),
            ]
        )
    columns = [
        "",
        "requests",
        "req/s",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "req/s ÷ (a)",
        "p50 ÷ (a)",
        "p95 ÷ (a)",
    ]
    return Table("HTTP: the suite under the mixed load against baseline (a)", columns, rows)


def _events_table(load: dict[str, Any], idle: dict[str, Any]) -> Table:
    rows = _event_rows("under load", load, per_kind=True) + _event_rows("idle suite", idle)
    columns = ["", "samples", "p50 ms", "p95 ms", "p99 ms", "p50 ÷ (b)", "p99 ÷ (b)"]
    return Table("End-to-end event latency against baseline (b)", columns, rows)


def _event_rows(phase: str, events: dict[str, Any], per_kind: bool = False) -> list[list[str]]:
    raw = events["raw"]
    rows = [[f"{phase}: baseline (b), raw aiokafka produce→consume", *_event_cells(raw, raw)]]
    groups = {**(events["kinds"] if per_kind else {}), "all probes": events["all probes"]}
    for kind, stages in groups.items():
        failed = stages.get("failed", 0)
        for stage, label in STAGES.items():
            text = f"{phase}: {kind}, {label}" + (f" ({failed} failed)" if failed else "")
            rows.append([text, *_event_cells(stages[stage], raw)])
    return rows


def _event_cells(s: dict[str, Any], raw: dict[str, Any]) -> list[str]:
    cells = [str(s.get("count", 0)), _ms(s, "p50_ms"), _ms(s, "p95_ms"), _ms(s, "p99_ms")]
    if s is raw:
        return [*cells, "–", "–"]
    p50, p99 = (
        _ratio(s.get("p50_ms"), raw.get("p50_ms")),
        _ratio(s.get("p99_ms"), raw.get("p99_ms")),
    )
    return [*cells, p50, p99]


def _endpoint_table(endpoints: list[dict[str, Any]], base: dict[str, Any]) -> Table:
    rows = [
        [
            f"`{e['endpoint']}`",
            str(e["count"]),
            f"{e.get('rps', 0):.1f}",
            _ms(e, "p50_ms"),
            _ms(e, "p95_ms"),
            _ms(e, "p99_ms"),
            _ratio(e.get("p50_ms"), base.get("p50_ms")) if e["endpoint"].startswith("POST") else "",
            str(e["errors"]),
        ]
        for e in endpoints
    ]
    columns = ["endpoint", "count", "req/s", "p50 ms", "p95 ms", "p99 ms", "p50 ÷ (a)", "errors"]
    return Table("Per endpoint", columns, rows)


def _errors(run: Run) -> list[dict[str, Any]]:
    rec = run.recorder
    return [
        {"endpoint": e, "status": st, "code": code, "count": n, "body": rec.samples[(e, st, code)]}
        for (e, st, code), n in rec.errors.most_common()
    ]


def _cell(text: str) -> str:
    return " ".join(text[:200].split()).replace("|", "\\|")


def _cpu(used: dict[str, float]) -> str:
    named = ", ".join(f"{k} {v:.2f}" for k, v in used.items() if k != "machine")
    return f"{used.get('machine', 0):.2f} ({named})"


def cpu_per_request(run: Run, summary: dict[str, Any]) -> dict[str, float]:
    """Server-side CPU milliseconds per request, whatever the load generator managed: the bare
    app and its PostgreSQL backends; the four services, the broker and their backends."""
    base, load = run.baseline.cpu, run.cpu
    suite = [*SERVICE_NAMES, "broker", "postgres"]
    rates = (
        summary["baseline"].get("rps") or float("nan"),
        summary["all"].get("rps") or float("nan"),
    )
    return {
        "baseline": 1000 * (base["baseline app"] + base["postgres"]) / rates[0],
        "suite": 1000 * sum(load[name] for name in suite) / rates[1],
    }


def targets(run: Run, summary: dict[str, Any], events: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target of the performance issue: the figure, its baseline, the ratio, whether met."""
    per_request = cpu_per_request(run, summary)
    base, every = summary["baseline"], summary["all"]
    projected = events["load"]["all probes"]["projected"]
    broker = events["load"]["all probes"]["broker"]
    machine = cpu_count() or 1
    generator = max(run.cpu["load generator"], run.baseline.cpu["load generator"]) / machine

    def row(figure: str, value: float, unit: str, baseline: float | None, target: str, met: bool):
        return {
            "figure": figure,
            "value": round(value, 2),
            "unit": unit,
            "baseline": None if baseline is None else round(baseline, 2),
            "ratio": None if not baseline else round(value / baseline, 2),
            "target": target,
            "met": met,
        }

    nan = float("nan")
    return [
        row(
            "server CPU per request",
            per_request["suite"],
            "ms",
            per_request["baseline"],
            "≤ 4 × baseline",
            per_request["suite"] <= 4 * per_request["baseline"],
        ),
        row(
            "mixed journeys throughput",
            every.get("rps", 0.0),
            "req/s",
            base.get("rps"),
            "≥ 0.6 × baseline",
            every.get("rps", 0.0) >= 0.6 * base.get("rps", nan),
        ),
        row(
            "mixed journeys p95",
            every.get("p95_ms", nan),
            "ms",
            base.get("p95_ms"),
            "≤ 2 × baseline",
            every.get("p95_ms", nan) <= 2 * base.get("p95_ms", nan),
        ),
        row(
            "commit → evaluation projection p95 (under load)",
            projected.get("p95_ms", nan),
            "ms",
            None,
            "≤ 250 ms",
            projected.get("p95_ms", nan) <= 250 and not events["load"]["failed"],
        ),
        row(
            "commit → broker p95 (under load)",
            broker.get("p95_ms", nan),
            "ms",
            None,
            "≤ 50 ms",
            broker.get("p95_ms", nan) <= 50,
        ),
        row(
            "load generator CPU, share of the machine (busier of load and baseline)",
            generator,
            "",
            None,
            "≤ 0.2",
            generator <= 0.2,
        ),
    ]


def _targets_table(rows: list[dict[str, Any]]) -> Table:
    def fmt(x: float | None) -> str:
        return "–" if x is None else f"{x:g}"

    cells = [
        [
            r["figure"],
            f"{fmt(r['value'])} {r['unit']}".strip(),
            fmt(r["baseline"]),
            fmt(r["ratio"]),
            r["target"],
            "yes" if r["met"] else "no",
        ]
        for r in rows
    ]
    return Table("Targets", ["figure", "value", "baseline", "ratio", "target", "met"], cells)


def write_run(run: Run) -> None:
    """Writes load.json and load.md."""
    summary, endpoints = _http(run)
    events = {"load": _events(run.probes), "idle": _events(run.idle_probes)}
    per_request = cpu_per_request(run, summary)
    errors = _errors(run)
    failures = [s for s in run.probes["samples"] + run.idle_probes["samples"] if "error" in s]
    goals = targets(run, summary, events)
    tables = [
        _targets_table(goals),
        _http_table(summary),
        _events_table(events["load"], events["idle"]),
        _endpoint_table(endpoints, summary["baseline"]),
    ]
    if errors:
        rows = [
            [f"`{x['endpoint']}`", str(x["status"]), x["code"], str(x["count"]), _cell(x["body"])]
            for x in errors
        ]
        tables.append(
            Table(
                "Unexpected responses", ["endpoint", "status", "code", "count", "first body"], rows
            )
        )
    if failures:
        rows = [[x["kind"], x["id"], _cell(x["error"])] for x in failures]
        tables.append(Table("Probes that failed", ["probe", "id", "error"], rows))
    mix = ", ".join(f"{name} {n}" for name, (_, n) in workload.MIX.items())
    done = ", ".join(f"{name} {n}" for name, n in run.journeys.items())
    notes = [
        f"{workload.CLIENTS} clients for {run.seconds:.0f} s (elapsed {run.elapsed:.1f} s): {mix}.",
        f"Journeys completed: {done}. Unexpected responses: {sum(run.recorder.errors.values())}; "
        f"probes that failed: {len(failures)}.",
        f"Every consumer group had consumed everything {run.drained_after:.1f} s after the load "
        "ended.",
        f"CPUs in use on average (this machine has {cpu_count()}): during the load "
        f"{_cpu(run.cpu)}; during baseline (a) {_cpu(run.baseline.cpu)}.",
        f"Demand templates (basic duty items submitted as written, one each at setup): "
        f"{TEMPLATE_CANDIDATES - len(run.not_admitted)} of {TEMPLATE_CANDIDATES} admitted"
        + "".join(f"; {code} {outcome}" for code, outcome in run.not_admitted.items())
        + ".",
        f"Server CPU per request: baseline (a) {per_request['baseline']:.1f} ms (the app and its "
        f"PostgreSQL backends); the suite {per_request['suite']:.1f} ms (four services, broker, "
        f"PostgreSQL backends), {per_request['suite'] / per_request['baseline']:.1f} times as "
        "much.",
        "Event latency is timed from the producer's HTTP response (after its commit); "
        "see tests/bench/probe.py for how each arrival is observed. Every process (the four "
        "services, PostgreSQL, the broker, the load generator) shares this machine's CPUs.",
    ]
    results = {
        "seconds": run.seconds,
        "elapsed_s": run.elapsed,
        "clients": workload.CLIENTS,
        "mix": {name: n for name, (_, n) in workload.MIX.items()},
        "journeys_completed": run.journeys,
        "http": summary,
        "endpoints": endpoints,
        "errors": errors,
        "events": events,
        "probe_failures": failures,
        "probe_samples_s": {"load": run.probes["samples"], "idle": run.idle_probes["samples"]},
        "raw_samples_s": {"load": run.probes["raw"], "idle": run.idle_probes["raw"]},
        "consumers_caught_up_after_s": run.drained_after,
        "cpus_used": {"load": run.cpu, "baseline": run.baseline.cpu},
        "server_cpu_ms_per_request": per_request,
        "targets": goals,
        "templates_not_admitted": run.not_admitted,
    }
    write_tables("load", results, tables, notes)
