{{/*
The objects of one service. Every template here takes the ctx of "grassroots.selectorLabels"
and is used for all four services: there is no per-service copy.
*/}}

{{- define "grassroots.serviceaccount" -}}
{{- if .root.Values.serviceAccount.create }}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "grassroots.serviceAccountName" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "grassroots.labels" . | nindent 4 }}
  {{- with .root.Values.serviceAccount.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
# The services never call the Kubernetes API.
automountServiceAccountToken: false
{{- end }}
{{- end }}

{{- define "grassroots.configmap" -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "grassroots.serviceFullname" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "grassroots.labels" . | nindent 4 }}
data:
  {{- include "grassroots.config" . | nindent 2 }}
{{- end }}

{{- define "grassroots.service" -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "grassroots.serviceFullname" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "grassroots.labels" . | nindent 4 }}
spec:
  type: ClusterIP
  selector:
    {{- include "grassroots.selectorLabels" . | nindent 4 }}
  ports:
    - name: http
      port: {{ .svc.port }}
      targetPort: http
      protocol: TCP
{{- end }}

{{/* Volume mounts shared by the service container and its migration Job. */}}
{{- define "grassroots.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
{{- if and (has .root.Values.kafka.securityProtocol (list "SSL" "SASL_SSL")) .root.Values.kafka.tls.caSecret.name }}
- name: kafka-ca
  mountPath: /etc/grassroots/kafka-ca
  readOnly: true
{{- end }}
{{- end }}

{{- define "grassroots.volumes" -}}
{{ include "grassroots.tmpVolume" .root }}
{{- if and (has .root.Values.kafka.securityProtocol (list "SSL" "SASL_SSL")) .root.Values.kafka.tls.caSecret.name }}
- name: kafka-ca
  secret:
    secretName: {{ .root.Values.kafka.tls.caSecret.name }}
    items:
      - key: {{ .root.Values.kafka.tls.caSecret.key }}
        path: {{ .root.Values.kafka.tls.caSecret.key }}
{{- end }}
{{- end }}

{{- define "grassroots.deployment" -}}
{{- $v := .root.Values -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "grassroots.serviceFullname" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "grassroots.labels" . | nindent 4 }}
spec:
  {{- if not .svc.autoscaling.enabled }}
  replicas: {{ .svc.replicas }}
  {{- end }}
  revisionHistoryLimit: 5
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 0
  selector:
    matchLabels:
      {{- include "grassroots.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "grassroots.labels" . | nindent 8 }}
      annotations:
        checksum/config: {{ include "grassroots.config" . | sha256sum }}
        checksum/secret-refs: {{ include "grassroots.secretEnv" . | sha256sum }}
        {{- with .svc.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ include "grassroots.serviceAccountName" . }}
      automountServiceAccountToken: false
      {{- with $v.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      securityContext:
        {{- toYaml $v.podSecurityContext | nindent 8 }}
      # Lets the consumer finish and commit its batch and the relay its send on SIGTERM.
      terminationGracePeriodSeconds: 30
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              {{- include "grassroots.selectorLabels" . | nindent 14 }}
      containers:
        - name: {{ .name }}
          image: {{ include "grassroots.image" .root | quote }}
          imagePullPolicy: {{ $v.image.pullPolicy }}
          command: ["grassroots-serve", {{ .name | quote }}]
          ports:
            - name: http
              containerPort: {{ .svc.port }}
              protocol: TCP
          envFrom:
            - configMapRef:
                name: {{ include "grassroots.serviceFullname" . }}
          env:
            {{- include "grassroots.secretEnv" . | nindent 12 }}
          startupProbe:
            httpGet:
              path: /livez
              port: http
            {{- toYaml $v.probes.startup | nindent 12 }}
          livenessProbe:
            httpGet:
              path: /livez
              port: http
            {{- toYaml $v.probes.liveness | nindent 12 }}
          readinessProbe:
            httpGet:
              path: /readyz
              port: http
            {{- toYaml $v.probes.readiness | nindent 12 }}
          resources:
            {{- toYaml .svc.resources | nindent 12 }}
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
      {{- with .svc.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
{{- end }}

{{- define "grassroots.hpa" -}}
{{- if .svc.autoscaling.enabled }}
{{- if gt (int .svc.autoscaling.minReplicas) (int .svc.autoscaling.maxReplicas) }}
{{- fail (printf "services.%s.autoscaling: minReplicas (%v) exceeds maxReplicas (%v)" .name .svc.autoscaling.minReplicas .svc.autoscaling.maxReplicas) }}
{{- end }}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "grassroots.serviceFullname" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "grassroots.labels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "grassroots.serviceFullname" . }}
  minReplicas: {{ .svc.autoscaling.minReplicas }}
  maxReplicas: {{ .svc.autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ .svc.autoscaling.targetCPUUtilizationPercentage }}
{{- end }}
{{- end }}

{{- define "grassroots.pdb" -}}
{{- if .svc.podDisruptionBudget.enabled }}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "grassroots.serviceFullname" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "grassroots.labels" . | nindent 4 }}
spec:
  {{- if hasKey .svc.podDisruptionBudget "minAvailable" }}
  minAvailable: {{ .svc.podDisruptionBudget.minAvailable }}
  {{- else }}
  maxUnavailable: {{ .svc.podDisruptionBudget.maxUnavailable }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "grassroots.selectorLabels" . | nindent 6 }}
{{- end }}
{{- end }}
