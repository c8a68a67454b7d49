{{/*
NetworkPolicy and ServiceMonitor of one service (ctx). Ingress is the service port only, egress
is DNS, PostgreSQL and Kafka (plus `extra`); the one call between services is enforcement asking
evaluation, the witness of its logs, for the checkpoints it kept.
*/}}

{{- define "grassroots.egressRule" -}}
- ports:
    {{- range .ports }}
    - port: {{ . }}
      protocol: TCP
    {{- end }}
  {{- with .to }}
  to:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}

{{- define "grassroots.networkpolicy" -}}
{{- $np := .root.Values.networkPolicy -}}
{{- if $np.enabled -}}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "grassroots.serviceFullname" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "grassroots.labels" . | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "grassroots.selectorLabels" . | nindent 6 }}
  policyTypes: [Ingress, Egress]
  ingress:
    {{- if or $np.ingress.fromSameNamespace $np.ingress.from .root.Values.tests.enabled }}
    - ports:
        - port: http
          protocol: TCP
      from:
        {{- if $np.ingress.fromSameNamespace }}
        - podSelector: {}
        {{- else if .root.Values.tests.enabled }}
        # `helm test` readiness pods of this release.
        - podSelector:
            matchLabels:
              app.kubernetes.io/instance: {{ .root.Release.Name }}
              app.kubernetes.io/component: helm-test
        {{- end }}
        {{- with $np.ingress.from }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    {{- else }}
    []
    {{- end }}
  egress:
    - ports:
        {{- range $np.egress.dns.ports }}
        - port: {{ . }}
          protocol: UDP
        - port: {{ . }}
          protocol: TCP
        {{- end }}
      {{- with $np.egress.dns.to }}
      to:
        {{- toYaml . | nindent 8 }}
      {{- end }}
    {{- include "grassroots.egressRule" $np.egress.postgres | nindent 4 }}
    {{- include "grassroots.egressRule" $np.egress.kafka | nindent 4 }}
    {{- with $np.egress.extra }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
    {{- if include "grassroots.witness" . }}
    - ports:
        - port: {{ (index .root.Values.services "evaluation").port }}
          protocol: TCP
      to:
        - podSelector:
            matchLabels:
              {{- include "grassroots.selectorLabels" (dict "root" .root "name" "evaluation") | nindent 14 }}
    {{- end }}
{{- end }}
{{- end }}

{{- define "grassroots.servicemonitor" -}}
{{- $sm := .root.Values.metrics.serviceMonitor -}}
{{- if $sm.enabled -}}
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: {{ include "grassroots.serviceFullname" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "grassroots.labels" . | nindent 4 }}
    {{- with $sm.labels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  selector:
    matchLabels:
      {{- include "grassroots.selectorLabels" . | nindent 6 }}
  namespaceSelector:
    matchNames: [{{ .root.Release.Namespace | quote }}]
  endpoints:
    - port: http
      path: /metrics
      interval: {{ $sm.interval }}
      scrapeTimeout: {{ $sm.scrapeTimeout }}
{{- end }}
{{- end }}
