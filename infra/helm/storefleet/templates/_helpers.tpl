{{- define "storefleet.labels" -}}
app.kubernetes.io/part-of: storefleet
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{- end -}}

{{- define "storefleet.image" -}}
{{ .root.Values.image.registry }}/{{ .name }}:{{ .root.Values.image.tag | default .root.Chart.AppVersion }}
{{- end -}}

{{/* service key (values) → kebab-case name */}}
{{- define "storefleet.serviceName" -}}
{{- . | kebabcase -}}
{{- end -}}

{{- define "storefleet.topics" -}}
- storefleet.git.commits
- storefleet.inventory.stores
- storefleet.bundle.deployments
- storefleet.store.status
- storefleet.rollout.events
- storefleet.audit.ledger
{{- end -}}
