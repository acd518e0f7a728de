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

{{/*
Secret files one service mounts, as a YAML list of {volume, secret, key, dir, file, env}: each becomes a read-only
volume of one Secret key at dir/file; env (when set) is the environment variable that gives the service the path.
Paths that go through application.properties instead (git-watcher's repos.*) use the same dir/file.
*/}}
{{- define "storefleet.secretFiles" -}}
{{- $v := .root.Values -}}
{{- $files := list -}}
{{- if has .key (list "auditLog" "bundlePlanner" "storeDispatcher") -}}
{{- $files = append $files (dict "volume" "operator-tokens" "secret" (required "auth.tokensSecret is required: without it /api/** is open" $v.auth.tokensSecret) "key" $v.auth.tokensKey "dir" "/etc/storefleet/secrets/operator-tokens" "file" "operator-tokens" "env" "STOREFLEET_AUTH_TOKENS_FILE") -}}
{{- end -}}
{{- if eq .key "bundlePlanner" -}}
{{- $files = append $files (dict "volume" "signing-key" "secret" (required "signing.existingSecret is required" $v.signing.existingSecret) "key" $v.signing.privateKey "dir" "/etc/storefleet/signing" "file" "signing.key" "env" "STOREFLEET_PLANNER_SIGNING_KEY_FILE") -}}
{{- $files = append $files (dict "volume" "signing-pub" "secret" $v.signing.existingSecret "key" $v.signing.publicKey "dir" "/etc/storefleet/signing-pub" "file" "signing.pub" "env" "STOREFLEET_PLANNER_SIGNING_PUBLIC_KEY_FILE") -}}
{{- end -}}
{{- if eq .key "storeDispatcher" -}}
{{- $files = append $files (dict "volume" "mqtt-password" "secret" (required "mqtt.existingSecret is required" $v.mqtt.existingSecret) "key" $v.mqtt.passwordKey "dir" "/etc/storefleet/secrets/mqtt" "file" "password" "env" "STOREFLEET_MQTT_PASSWORD_FILE") -}}
{{- if $v.mqtt.tls.enabled -}}
{{- $files = append $files (dict "volume" "mqtt-ca" "secret" (required "mqtt.tls.caSecret is required with TLS" $v.mqtt.tls.caSecret) "key" $v.mqtt.tls.caKey "dir" "/etc/storefleet/secrets/mqtt-ca" "file" "ca.pem" "env" "STOREFLEET_MQTT_TLS_CA_FILE") -}}
{{- end -}}
{{- end -}}
{{- if eq .key "gitWatcher" -}}
{{- $files = append $files (dict "volume" "webhook-secret" "secret" (required "webhook.secret is required: without it every webhook is refused" $v.webhook.secret) "key" $v.webhook.key "dir" "/etc/storefleet/secrets/webhook" "file" "webhook.secret" "env" "STOREFLEET_GIT_WATCHER_WEBHOOK_SECRET_FILE") -}}
{{- range $v.gitRepos -}}
{{- if .webhookSecret -}}
{{- $files = append $files (dict "volume" (printf "repo-%s-webhook" (.id | lower)) "secret" .webhookSecret.secret "key" .webhookSecret.key "dir" (printf "%s-webhook" (include "storefleet.repoSecretDir" .)) "file" "webhook.secret") -}}
{{- end -}}
{{- if .trustedSigners -}}
{{- $files = append $files (dict "volume" (printf "repo-%s-signers" (.id | lower)) "secret" .trustedSigners.secret "key" .trustedSigners.key "dir" (printf "%s-signers" (include "storefleet.repoSecretDir" .)) "file" "trusted-signers.asc") -}}
{{- end -}}
{{- if .allowedSshSigners -}}
{{- $files = append $files (dict "volume" (printf "repo-%s-ssh-signers" (.id | lower)) "secret" .allowedSshSigners.secret "key" .allowedSshSigners.key "dir" (printf "%s-ssh-signers" (include "storefleet.repoSecretDir" .)) "file" "allowed_signers") -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- toYaml $files -}}
{{- end -}}

{{/* where a repo's own secret files are mounted (git-watcher) */}}
{{- define "storefleet.repoSecretDir" -}}
/etc/storefleet/secrets/repos/{{ .id | lower }}
{{- end -}}
