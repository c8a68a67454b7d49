{{/*
Names and labels. Templates that work on one service take a context built by
"grassroots.ctx": (dict "root" $ "name" <service name> "svc" <its values>).
*/}}

{{- define "grassroots.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "grassroots.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "grassroots.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels every object of the release carries. */}}
{{- define "grassroots.commonLabels" -}}
helm.sh/chart: {{ include "grassroots.chart" . }}
app.kubernetes.io/name: {{ include "grassroots.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: grassroots
{{- end }}

{{/* The stable subset that selects one service's pods (ctx). */}}
{{- define "grassroots.selectorLabels" -}}
app.kubernetes.io/name: {{ include "grassroots.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .name }}
{{- end }}

{{/* All labels of one service's objects (ctx). */}}
{{- define "grassroots.labels" -}}
{{ include "grassroots.commonLabels" .root }}
app.kubernetes.io/component: {{ .name }}
{{- end }}

{{/* "<fullname>-<service>", the name of a service's Deployment, Service, ConfigMap… (ctx). */}}
{{- define "grassroots.serviceFullname" -}}
{{- printf "%s-%s" (include "grassroots.fullname" .root) .name | trunc 55 | trimSuffix "-" }}
{{- end }}

{{/* TASK_ADMISSION_, GRID_, ENFORCEMENT_, EVALUATION_ (ctx). */}}
{{- define "grassroots.envPrefix" -}}
{{- printf "%s_" (.name | upper | replace "-" "_") }}
{{- end }}

{{- define "grassroots.image" -}}
{{- $tag := default .Chart.AppVersion .Values.image.tag -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository $tag }}
{{- end }}
{{- end }}

{{- define "grassroots.serviceAccountName" -}}
{{- if .root.Values.serviceAccount.create }}
{{- include "grassroots.serviceFullname" . }}
{{- else }}
{{- "default" }}
{{- end }}
{{- end }}

{{/* The chart-made Secret of devSecrets (throw-away clusters only). */}}
{{- define "grassroots.devSecretName" -}}
{{- printf "%s-dev" (include "grassroots.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Where the database URL of a service comes from (ctx): "name key" of a Secret. */}}
{{- define "grassroots.databaseSecretRef" -}}
{{- if .svc.database.existingSecret -}}
name: {{ .svc.database.existingSecret }}
key: {{ .svc.database.key }}
{{- else if hasKey .root.Values.devSecrets.databaseUrls .name -}}
name: {{ include "grassroots.devSecretName" .root }}
key: {{ printf "%s-database-url" .name }}
{{- else -}}
name: {{ printf "%s-db" (include "grassroots.serviceFullname" .) }}
key: {{ .svc.database.key }}
{{- end }}
{{- end }}

{{/* Where the migration (owner's) database URL comes from (ctx): the service's Secret, key
     migrationKey. */}}
{{- define "grassroots.migrationSecretRef" -}}
name: {{ .svc.database.existingSecret | default (printf "%s-db" (include "grassroots.serviceFullname" .)) }}
key: {{ .svc.database.migrationKey }}
{{- end }}

{{/* Where JWT_DEV_KEY comes from, or nothing (root). */}}
{{- define "grassroots.jwtDevKeyRef" -}}
{{- if .Values.auth.devKeySecret.name -}}
name: {{ .Values.auth.devKeySecret.name }}
key: {{ .Values.auth.devKeySecret.key }}
{{- else if .Values.devSecrets.jwtDevKey -}}
name: {{ include "grassroots.devSecretName" . }}
key: jwt-dev-key
{{- end }}
{{- end }}

{{/*
The non-secret settings of one service (ctx), as a flat YAML map of strings. The ConfigMap
renders it as data; the migration Job renders it as env (it runs before the ConfigMap exists).
*/}}
{{- define "grassroots.config" -}}
{{- $v := .root.Values -}}
{{- $prefix := include "grassroots.envPrefix" . -}}
GRASSROOTS_SERVICE: {{ .name | quote }}
GRASSROOTS_ENV: {{ $v.grassroots.env | quote }}
LOG_LEVEL: {{ $v.grassroots.logLevel | quote }}
KAFKA_BOOTSTRAP_SERVERS: {{ $v.kafka.bootstrapServers | quote }}
KAFKA_SECURITY_PROTOCOL: {{ $v.kafka.securityProtocol | quote }}
{{- if hasPrefix "SASL_" $v.kafka.securityProtocol }}
KAFKA_SASL_MECHANISM: {{ $v.kafka.sasl.mechanism | quote }}
KAFKA_SASL_USERNAME: {{ $v.kafka.sasl.username | quote }}
{{- end }}
{{- if and (has $v.kafka.securityProtocol (list "SSL" "SASL_SSL")) $v.kafka.tls.caSecret.name }}
KAFKA_SSL_CAFILE: {{ printf "/etc/grassroots/kafka-ca/%s" $v.kafka.tls.caSecret.key | quote }}
{{- end }}
KAFKA_ENABLE_IDEMPOTENCE: {{ $v.kafka.enableIdempotence | toString | quote }}
KAFKA_TOPIC_PARTITIONS: {{ $v.kafka.topicPartitions | toString | quote }}
KAFKA_REPLICATION_FACTOR: {{ $v.kafka.replicationFactor | toString | quote }}
{{- with $v.auth.jwksUrl }}
JWT_JWKS_URL: {{ . | quote }}
{{- end }}
{{- with $v.auth.issuer }}
JWT_ISSUER: {{ . | quote }}
{{- end }}
{{- with $v.auth.audience }}
JWT_AUDIENCE: {{ . | quote }}
{{- end }}
{{- range $key, $value := $v.grassroots.extraEnv }}
{{ $key }}: {{ $value | toString | quote }}
{{- end }}
{{ $prefix }}PORT: {{ .svc.port | toString | quote }}
{{- with .svc.consumerGroup }}
{{ $prefix }}CONSUMER_GROUP: {{ . | quote }}
{{- end }}
{{- with include "grassroots.witness" . }}
# enforcement's logs are witnessed by evaluation (checkpoints kept in its own database)
ENFORCEMENT_WITNESS_URL: {{ . | quote }}
{{- end }}
{{- range $key, $value := .svc.env }}
{{ $key }}: {{ $value | toString | quote }}
{{- end }}
{{- end }}

{{/* The witness of enforcement's log (ctx of enforcement): evaluation's URL in the release,
     or nothing for the other services or when evaluation is not enabled. */}}
{{- define "grassroots.witness" -}}
{{- $evaluation := index .root.Values.services "evaluation" -}}
{{- if and (eq .name "enforcement") $evaluation.enabled -}}
{{- printf "http://%s:%v" (include "grassroots.serviceFullname" (dict "root" .root "name" "evaluation")) $evaluation.port -}}
{{- end -}}
{{- end }}

{{/* The env entries read from Secrets (ctx): database URL, SASL password, JWT dev key, secretEnv. */}}
{{- define "grassroots.secretEnv" -}}
{{- $v := .root.Values -}}
- name: {{ include "grassroots.envPrefix" . }}DATABASE_URL
  valueFrom:
    secretKeyRef:
      {{- include "grassroots.databaseSecretRef" . | nindent 6 }}
{{- if and (hasPrefix "SASL_" $v.kafka.securityProtocol) $v.kafka.sasl.passwordSecret.name }}
- name: KAFKA_SASL_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $v.kafka.sasl.passwordSecret.name }}
      key: {{ $v.kafka.sasl.passwordSecret.key }}
{{- end }}
{{- with include "grassroots.jwtDevKeyRef" .root }}
- name: JWT_DEV_KEY
  valueFrom:
    secretKeyRef:
      {{- . | nindent 6 }}
{{- end }}
{{- range $env, $ref := .svc.secretEnv }}
- name: {{ $env }}
  valueFrom:
    secretKeyRef:
      name: {{ $ref.name }}
      key: {{ $ref.key }}
{{- end }}
{{- end }}

{{/* The writable /tmp every pod gets (the root filesystem is read-only). */}}
{{- define "grassroots.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .Values.tmpSizeLimit }}
{{- end }}
