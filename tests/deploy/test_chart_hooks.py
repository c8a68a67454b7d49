"""Migrations run as pre-install/pre-upgrade hooks before any Deployment changes; `helm test`
calls every service's /readyz."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

HOOK = "helm.sh/hook"
WEIGHT = "helm.sh/hook-weight"
DELETE = "helm.sh/hook-delete-policy"


def hooks_of(doc: dict[str, Any]) -> set[str]:
    annotations = doc["metadata"].get("annotations") or {}
    return set(filter(None, annotations.get(HOOK, "").split(",")))


def weight_of(doc: dict[str, Any]) -> int:
    return int(doc["metadata"]["annotations"].get(WEIGHT, "0"))


def test_one_migration_job_per_service_runs_before_install_and_upgrade(release: Any) -> None:
    jobs = release.kind("Job")

    assert sorted(job["metadata"]["name"] for job in jobs) == sorted(
        f"{release.name_of(service)}-migrate" for service in release.enabled
    )
    for job in jobs:
        service = job["metadata"]["labels"]["app.kubernetes.io/component"].removesuffix(
            "-migration"
        )
        assert hooks_of(job) == {"pre-install", "pre-upgrade"}
        assert "before-hook-creation" in job["metadata"]["annotations"][DELETE]
        assert release.container("Job", job["metadata"]["name"])["command"] == [
            "grassroots-migrate",
            service,
        ]
        assert job["spec"]["template"]["spec"]["restartPolicy"] == "Never"


def test_migrations_come_before_the_deployments_on_upgrade(release: Any) -> None:
    # Helm runs every pre-upgrade hook, lowest weight first, and waits for each Job to complete
    # before it applies the release's ordinary objects: Deployments must be ordinary objects.
    for kind in ("Deployment", "Service", "ConfigMap", "HorizontalPodAutoscaler"):
        for doc in release.kind(kind):
            assert hooks_of(doc) == set(), f"{kind}/{doc['metadata']['name']} is a hook"
    for job in release.kind("Job"):
        assert "pre-upgrade" in hooks_of(job)


def test_a_migration_needs_nothing_that_is_created_after_it(release: Any) -> None:
    # On install the ordinary objects (ConfigMap, ServiceAccount of the service) do not exist yet
    # while the hooks run, so a Job may only use hooks of a lower weight or outside Secrets.
    hooks = {(doc["kind"], doc["metadata"]["name"]): doc for doc in release.docs if hooks_of(doc)}
    ordinary = {(doc["kind"], doc["metadata"]["name"]) for doc in release.docs if not hooks_of(doc)}
    for job in release.kind("Job"):
        spec = job["spec"]["template"]["spec"]
        (container,) = spec["containers"]
        assert "envFrom" not in container
        account = ("ServiceAccount", spec["serviceAccountName"])
        assert account in hooks and weight_of(hooks[account]) < weight_of(job)
        secrets = [
            entry["valueFrom"]["secretKeyRef"]["name"]
            for entry in container["env"]
            if "valueFrom" in entry
        ] + [v["secret"]["secretName"] for v in spec["volumes"] if "secret" in v]
        for secret in secrets:
            assert ("Secret", secret) not in ordinary
            if ("Secret", secret) in hooks:
                assert weight_of(hooks[("Secret", secret)]) < weight_of(job)


def test_the_migration_sees_the_same_settings_as_the_service(release: Any) -> None:
    for service in release.enabled:
        name = release.name_of(service)
        config = release.get("ConfigMap", name)["data"]
        job_env = release.env(release.container("Job", f"{name}-migrate"))
        deployment_env = release.env(release.container("Deployment", name))

        plain = {key: entry["value"] for key, entry in job_env.items() if "value" in entry}
        assert plain == config
        from_secrets = {key: e for key, e in job_env.items() if "valueFrom" in e}
        owner = from_secrets.pop(
            f"{service.upper().replace('-', '_')}_MIGRATION_DATABASE_URL", None
        )
        assert from_secrets == deployment_env
        # only the migration sees the owner's URL
        assert owner is None or owner["valueFrom"]["secretKeyRef"]["key"] != "url"


def test_dev_secret_is_a_hook_created_before_the_migrations(render: Callable[..., Any]) -> None:
    release = render(
        {"devSecrets": {"databaseUrls": {"grid": "postgresql+asyncpg://g:pw@db:5432/grid"}}}
    )
    (secret,) = release.kind("Secret")
    job = release.get("Job", "grassroots-grid-migrate")

    assert hooks_of(secret) == {"pre-install", "pre-upgrade"}
    assert weight_of(secret) < weight_of(job)
    reference = release.env(release.container("Job", "grassroots-grid-migrate"))
    assert reference["GRID_DATABASE_URL"]["valueFrom"]["secretKeyRef"] == {
        "name": secret["metadata"]["name"],
        "key": "grid-database-url",
    }


def test_migrations_can_be_switched_off(render: Callable[..., Any]) -> None:
    release = render({"migrations": {"enabled": False}})

    assert release.kind("Job") == []
    assert all(not hooks_of(doc) or hooks_of(doc) == {"test"} for doc in release.docs)


def test_helm_test_calls_readyz_of_every_service(
    release: Any, services: dict[str, tuple[int, str]]
) -> None:
    pods = release.kind("Pod")

    assert len(pods) == len(release.enabled)
    for service in release.enabled:
        port, _ = services[service]
        name = release.name_of(service)
        pod = release.get("Pod", f"{name}-test-readyz")
        assert hooks_of(pod) == {"test"}
        assert pod["spec"]["restartPolicy"] == "Never"
        command = release.container("Pod", f"{name}-test-readyz")["command"]
        assert command[-1] == f"http://{name}:{port}/readyz"


def test_with_a_migration_key_the_job_runs_as_the_owner_and_the_service_does_not(render) -> None:
    values = {
        "services": {
            "enforcement": {"database": {"existingSecret": "enf-db", "migrationKey": "owner-url"}}
        }
    }
    release = render(values)
    job = release.container("Job", f"{release.name_of('enforcement')}-migrate")
    refs = {e["name"]: e["valueFrom"]["secretKeyRef"] for e in job["env"] if "valueFrom" in e}
    assert refs["ENFORCEMENT_MIGRATION_DATABASE_URL"] == {"name": "enf-db", "key": "owner-url"}
    assert refs["ENFORCEMENT_DATABASE_URL"] == {"name": "enf-db", "key": "url"}
    service = release.container("Deployment", release.name_of("enforcement"))
    assert "ENFORCEMENT_MIGRATION_DATABASE_URL" not in {e["name"] for e in service["env"]}
    grid_job = release.container("Job", f"{release.name_of('grid')}-migrate")
    assert "GRID_MIGRATION_DATABASE_URL" not in {e["name"] for e in grid_job["env"]}
