"""The chart renders, lints and validates, and holds every enabled service with its probes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import helm_python as helm
import kubernetes_validate
import pytest

KUBE_VERSION = "1.30"
# Kinds outside the Kubernetes schemas: checked by hand below.
CUSTOM_KINDS = {"ServiceMonitor"}
PER_SERVICE_KINDS = [
    "Deployment",
    "Service",
    "ServiceAccount",
    "ConfigMap",
    "PodDisruptionBudget",
    "NetworkPolicy",
]


def test_lint_reports_no_warning_or_error(chart_dir: Path, given_values: dict[str, Any]) -> None:
    report = helm.lint(chart_dir, given_values, strict=True, kube_version=f"v{KUBE_VERSION}.0")

    problems = [m for m in report["messages"] if m["severity"] >= 2]
    assert report["errors"] == [] and problems == [], problems or report["errors"]


def test_every_manifest_validates_against_the_kubernetes_schemas(release: Any) -> None:
    failures = []
    for doc in release.docs:
        where = f"{doc['kind']}/{doc['metadata']['name']}"
        try:
            kubernetes_validate.validate(doc, KUBE_VERSION, strict=True)
        except kubernetes_validate.SchemaNotFoundError:
            if doc["kind"] not in CUSTOM_KINDS:
                failures.append(f"{where}: no schema for this kind")
        except kubernetes_validate.ValidationError as exc:
            path = "/".join(str(p) for p in exc.path)
            failures.append(f"{where} at {path}: {exc.message}")
    assert failures == []


def test_service_monitors_scrape_metrics_of_each_service(production_release: Any) -> None:
    monitors = production_release.kind("ServiceMonitor")

    assert len(monitors) == len(production_release.enabled)
    for monitor in monitors:
        assert monitor["apiVersion"] == "monitoring.coreos.com/v1"
        (endpoint,) = monitor["spec"]["endpoints"]
        assert endpoint["port"] == "http" and endpoint["path"] == "/metrics"
        service = production_release.get("Service", monitor["metadata"]["name"])
        selector = monitor["spec"]["selector"]["matchLabels"]
        assert selector.items() <= service["metadata"]["labels"].items()
    assert monitors[0]["metadata"]["labels"]["release"] == "prometheus"


def test_every_enabled_service_has_its_objects(release: Any, services: dict[str, Any]) -> None:
    assert release.enabled == sorted(services)
    for service in release.enabled:
        name = release.name_of(service)
        for kind in PER_SERVICE_KINDS:
            assert release.find(kind, name), f"{kind}/{name} missing"
        assert release.find("Job", f"{name}-migrate")
        assert release.find("Pod", f"{name}-test-readyz")


def test_probes_are_livez_and_readyz_on_the_service_port(
    release: Any, services: dict[str, tuple[int, str]]
) -> None:
    for service, (port, prefix) in services.items():
        name = release.name_of(service)
        container = release.container("Deployment", name)

        assert container["command"] == ["grassroots-serve", service]
        assert container["ports"] == [{"name": "http", "containerPort": port, "protocol": "TCP"}]
        for probe, path in [
            ("startupProbe", "/livez"),
            ("livenessProbe", "/livez"),
            ("readinessProbe", "/readyz"),
        ]:
            assert container[probe]["httpGet"] == {"path": path, "port": "http"}, probe
        assert release.get("ConfigMap", name)["data"][f"{prefix}PORT"] == str(port)
        assert release.get("Service", name)["spec"]["ports"] == [
            {"name": "http", "port": port, "targetPort": "http", "protocol": "TCP"}
        ]


def test_services_select_only_their_own_pods(release: Any) -> None:
    for service in release.enabled:
        name = release.name_of(service)
        deployment = release.get("Deployment", name)
        selector = release.get("Service", name)["spec"]["selector"]
        pod_labels = deployment["spec"]["template"]["metadata"]["labels"]

        assert selector == deployment["spec"]["selector"]["matchLabels"]
        assert selector.items() <= pod_labels.items()
        assert selector["app.kubernetes.io/component"] == service
        job = release.get("Job", f"{name}-migrate")
        job_labels = job["spec"]["template"]["metadata"]["labels"]
        assert not selector.items() <= job_labels.items(), "a Service would route to migrations"


def test_every_object_has_the_recommended_labels_and_the_release_namespace(release: Any) -> None:
    wanted = {
        "app.kubernetes.io/name",
        "app.kubernetes.io/instance",
        "app.kubernetes.io/version",
        "app.kubernetes.io/managed-by",
        "app.kubernetes.io/component",
        "helm.sh/chart",
    }
    for doc in release.docs:
        labels = doc["metadata"].get("labels", {})
        assert wanted <= labels.keys(), f"{doc['kind']}/{doc['metadata']['name']}"
        assert doc["metadata"]["namespace"] == "county-test"


def test_disabled_service_renders_nothing(render: Callable[..., Any]) -> None:
    release = render({"services": {"grid": {"enabled": False}}})

    assert release.enabled == ["enforcement", "evaluation", "task-admission"]
    leftovers = [
        f"{d['kind']}/{d['metadata']['name']}"
        for d in release.docs
        if "-grid" in d["metadata"]["name"]
    ]
    assert leftovers == []
    assert "grid" not in release.notes.split("Check readiness")[0]


def test_production_runs_three_replicas_under_an_autoscaler(production_release: Any) -> None:
    for service in production_release.enabled:
        name = production_release.name_of(service)
        hpa = production_release.get("HorizontalPodAutoscaler", name)

        assert "replicas" not in production_release.get("Deployment", name)["spec"]
        assert hpa["spec"]["minReplicas"] == 3
        assert hpa["spec"]["scaleTargetRef"] == {
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "name": name,
        }


def test_without_autoscaling_the_deployment_carries_the_replicas(
    render: Callable[..., Any], production_values: dict[str, Any]
) -> None:
    values = {"services": {"grid": {"autoscaling": {"enabled": False}}}}
    release = render(production_values | values)

    assert release.find("HorizontalPodAutoscaler", "grassroots-grid") is None
    assert release.get("Deployment", "grassroots-grid")["spec"]["replicas"] == 1


def test_default_values_have_no_autoscaler_or_service_monitor(default_release: Any) -> None:
    assert default_release.kind("HorizontalPodAutoscaler") == []
    assert default_release.kind("ServiceMonitor") == []
    for service in default_release.enabled:
        deployment = default_release.get("Deployment", default_release.name_of(service))
        assert deployment["spec"]["replicas"] == 1


def test_production_kafka_is_sasl_ssl_with_the_cluster_ca(production_release: Any) -> None:
    for service in production_release.enabled:
        name = production_release.name_of(service)
        config = production_release.get("ConfigMap", name)["data"]
        container = production_release.container("Deployment", name)
        env = production_release.env(container)
        mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
        volumes = {
            v["name"]: v
            for v in production_release.get("Deployment", name)["spec"]["template"]["spec"][
                "volumes"
            ]
        }

        assert config["KAFKA_BOOTSTRAP_SERVERS"] == "county-kafka-kafka-bootstrap.kafka.svc:9093"
        assert config["KAFKA_SECURITY_PROTOCOL"] == "SASL_SSL"
        assert config["KAFKA_SASL_MECHANISM"] == "SCRAM-SHA-512"
        assert config["KAFKA_SASL_USERNAME"] == "grassroots"
        assert config["KAFKA_ENABLE_IDEMPOTENCE"] == "true"
        assert config["KAFKA_REPLICATION_FACTOR"] == "3"
        assert config["GRASSROOTS_ENV"] == "prod"
        assert config["JWT_JWKS_URL"].startswith("https://")
        assert env["KAFKA_SASL_PASSWORD"]["valueFrom"]["secretKeyRef"] == {
            "name": "grassroots-kafka-user",
            "key": "password",
        }
        ca_dir = config["KAFKA_SSL_CAFILE"].rsplit("/", 1)[0]
        assert volumes[mounts[ca_dir]]["secret"]["secretName"] == "county-kafka-cluster-ca-cert"


def test_network_policy_admits_the_service_port_and_egress_to_dns_postgres_kafka(
    release: Any, given_values: dict[str, Any]
) -> None:
    egress_values = release.values["networkPolicy"]["egress"]
    for service in release.enabled:
        policy = release.get("NetworkPolicy", release.name_of(service))["spec"]

        assert policy["policyTypes"] == ["Ingress", "Egress"]
        assert [rule["ports"] for rule in policy["ingress"]] == [
            [{"port": "http", "protocol": "TCP"}]
        ]
        dns, postgres, kafka, *extra = policy["egress"]
        assert {p["port"] for p in dns["ports"]} == set(egress_values["dns"]["ports"])
        assert [p["port"] for p in postgres["ports"]] == egress_values["postgres"]["ports"]
        assert [p["port"] for p in kafka["ports"]] == egress_values["kafka"]["ports"]
        assert postgres.get("to", []) == egress_values["postgres"]["to"]
        assert kafka.get("to", []) == egress_values["kafka"]["to"]
        witness = extra[len(egress_values["extra"]) :]
        assert extra[: len(egress_values["extra"])] == egress_values["extra"]
        assert len(witness) == (
            1 if service == "enforcement" and "evaluation" in release.enabled else 0
        )


def test_production_network_policy_admits_only_ingress_controller_monitoring_and_tests(
    production_release: Any,
) -> None:
    policy = production_release.get("NetworkPolicy", "grassroots-grid")["spec"]
    (rule,) = policy["ingress"]

    assert {"podSelector": {}} not in rule["from"]
    assert {
        "podSelector": {
            "matchLabels": {
                "app.kubernetes.io/instance": "grassroots",
                "app.kubernetes.io/component": "helm-test",
            }
        }
    } in rule["from"]
    namespaces = [
        peer["namespaceSelector"]["matchLabels"]["kubernetes.io/metadata.name"]
        for peer in rule["from"]
        if "namespaceSelector" in peer
    ]
    assert namespaces == ["ingress-nginx", "monitoring"]


def test_notes_name_every_service_and_the_readiness_test(release: Any) -> None:
    for service in release.enabled:
        assert f"http://{release.name_of(service)}.county-test.svc:" in release.notes
    assert "helm test grassroots" in release.notes


@pytest.mark.parametrize("env", ["dev", "test"])
def test_notes_warn_outside_production(render: Callable[..., Any], env: str) -> None:
    notes = render({"grassroots": {"env": env}}).notes

    assert f"WARNING: GRASSROOTS_ENV={env}" in notes
    assert "public dev key" in notes


def test_an_autoscaler_with_min_above_max_is_refused(render: Callable[..., Any]) -> None:
    values = {
        "services": {"grid": {"autoscaling": {"enabled": True, "minReplicas": 5, "maxReplicas": 2}}}
    }

    with pytest.raises(
        helm.HelmRenderError, match="minReplicas \\(5\\) exceeds maxReplicas \\(2\\)"
    ):
        render(values)
