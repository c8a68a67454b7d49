{{/*
Hooks: the Alembic migration Job and the `helm test` readiness Pod of one service (ctx).
*/}}

{{/* The ServiceAccount the migration Jobs run as (root). A hook: it must exist before them. */}}
{{- define "grassroots.migrationServiceAccountName" -}}
{{- printf "%s-migrate" (include "grassroots.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels of objects that are not one service's (root + component). */}}
{{- define "grassroots.hookLabels" -}}
{{ include "grassroots.commonLabels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "grassroots.migrationJob" -}}
{{- $v := .root.Values -}}
{{- $labels := dict "root" .root "component" (printf "%s-migration" .name) -}}
apiVersion: batch/v1
kind: Job
metadata:
  name: {{ printf "%s-migrate" (include "grassroots.serviceFullname" .) }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "grassroots.hookLabels" $labels | nindent 4 }}
  annotations:
    # Runs before any Deployment is created (install) or changed (upgrade): the new code never
    # starts against an old schema.
    helm.sh/hook: pre-install,pre-upgrade
    helm.sh/hook-weight: {{ $v.migrations.jobWeight | quote }}
    helm.sh/hook-delete-policy: {{ $v.migrations.deletePolicy }}
spec:
  backoffLimit: {{ $v.migrations.backoffLimit }}
  activeDeadlineSeconds: {{ $v.migrations.activeDeadlineSeconds }}
  template:
    metadata:
      labels:
        {{- include "grassroots.hookLabels" $labels | nindent 8 }}
    spec:
      restartPolicy: Never
      serviceAccountName: {{ include "grassroots.migrationServiceAccountName" .root }}
      automountServiceAccountToken: false
      {{- with $v.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      securityContext:
        {{- toYaml $v.podSecurityContext | nindent 8 }}
      containers:
        - name: migrate
          image: {{ include "grassroots.image" .root | quote }}
          imagePullPolicy: {{ $v.image.pullPolicy }}
          command: ["grassroots-migrate", {{ .name | quote }}]
          # The same settings as the service, inline: the ConfigMap does not exist yet on install.
          env:
            {{- range $key, $value := include "grassroots.config" . | fromYaml }}
            - name: {{ $key }}
              value: {{ $value | toString | quote }}
            {{- end }}
            {{- include "grassroots.secretEnv" . | nindent 12 }}
            {{- if .svc.database.migrationKey }}
            # the owner runs the migrations and grants the service's role (which owns nothing)
            - name: {{ include "grassroots.envPrefix" . }}MIGRATION_DATABASE_URL
              valueFrom:
                secretKeyRef:
                  {{- include "grassroots.migrationSecretRef" . | nindent 18 }}
            {{- end }}
          resources:
            {{- toYaml $v.migrations.resources | nindent 12 }}
          securityContext:
            {{- toYaml $v.containerSecurityContext | nindent 12 }}
          volumeMounts:
            {{- include "grassroots.volumeMounts" . | nindent 12 }}
      volumes:
        {{- include "grassroots.volumes" . | nindent 8 }}
      {{- with .svc.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .svc.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
{{- end }}

{{- define "grassroots.testPod" -}}
{{- $v := .root.Values -}}
{{- $labels := dict "root" .root "component" "helm-test" -}}
apiVersion: v1
kind: Pod
metadata:
  name: {{ printf "%s-test-readyz" (include "grassroots.serviceFullname" .) }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "grassroots.hookLabels" $labels | nindent 4 }}
  annotations:
    helm.sh/hook: test
    helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
spec:
  restartPolicy: Never
  automountServiceAccountToken: false
  {{- with $v.imagePullSecrets }}
  imagePullSecrets:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  securityContext:
    {{- toYaml $v.podSecurityContext | nindent 4 }}
  containers:
    - name: readyz
      # The suite's image carries the probe script (stdlib urllib): exit 0 on HTTP 200.
      image: {{ include "grassroots.image" .root | quote }}
      imagePullPolicy: {{ $v.image.pullPolicy }}
      command:
        - python
        - /usr/local/bin/grassroots-healthcheck
        - {{ printf "http://%s:%v/readyz" (include "grassroots.serviceFullname" .) .svc.port | quote }}
      resources:
        requests: {cpu: 10m, memory: 32Mi}
        limits: {memory: 64Mi}
      securityContext:
        {{- toYaml $v.containerSecurityContext | nindent 8 }}
      volumeMounts:
        - name: tmp
          mountPath: /tmp
  volumes:
    {{- include "grassroots.tmpVolume" .root | nindent 4 }}
{{- end }}
