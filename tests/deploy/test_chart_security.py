"""Every pod the chart makes (services, migrations, tests) runs hardened."""

from __future__ import annotations

from typing import Any


def test_pods_run_as_non_root_with_the_runtime_default_seccomp_profile(release: Any) -> None:
    for obj, spec in release.pod_specs():
        where = f"{obj['kind']}/{obj['metadata']['name']}"
        context = spec["securityContext"]

        assert context["runAsNonRoot"] is True, where
        assert context["runAsUser"] != 0, where
        assert context["seccompProfile"] == {"type": "RuntimeDefault"}, where
        assert spec["automountServiceAccountToken"] is False, where
        assert not {"hostNetwork", "hostPID", "hostIPC"} & spec.keys(), where


def test_containers_are_locked_down(release: Any) -> None:
    for obj, spec in release.pod_specs():
        for container in spec["containers"]:
            where = f"{obj['kind']}/{obj['metadata']['name']}/{container['name']}"
            context = container["securityContext"]

            assert context["runAsNonRoot"] is True, where
            assert context["readOnlyRootFilesystem"] is True, where
            assert context["allowPrivilegeEscalation"] is False, where
            assert context["privileged"] is False, where
            assert context["capabilities"] == {"drop": ["ALL"]}, where
            assert context["seccompProfile"] == {"type": "RuntimeDefault"}, where


def test_tmp_is_the_only_writable_place_and_an_empty_dir(release: Any) -> None:
    for obj, spec in release.pod_specs():
        volumes = {volume["name"]: volume for volume in spec["volumes"]}
        for container in spec["containers"]:
            where = f"{obj['kind']}/{obj['metadata']['name']}"
            mounts = {m["mountPath"]: m for m in container["volumeMounts"]}

            assert "emptyDir" in volumes[mounts["/tmp"]["name"]], where
            writable = [path for path, m in mounts.items() if not m.get("readOnly")]
            assert writable == ["/tmp"], where


def test_containers_have_memory_limits_and_a_pinned_image(release: Any) -> None:
    for obj, spec in release.pod_specs():
        for container in spec["containers"]:
            where = f"{obj['kind']}/{obj['metadata']['name']}"
            assert container["resources"]["limits"]["memory"], where
            assert container["resources"]["requests"]["cpu"], where
            assert not container["image"].endswith(":latest"), where
            assert ":" in container["image"] or "@sha256:" in container["image"], where


def test_service_accounts_mount_no_api_token(release: Any) -> None:
    for account in release.kind("ServiceAccount"):
        assert account["automountServiceAccountToken"] is False
