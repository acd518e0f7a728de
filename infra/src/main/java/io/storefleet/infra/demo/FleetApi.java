package io.storefleet.infra.demo;

import com.fasterxml.jackson.core.type.TypeReference;
import io.storefleet.model.EventCodec;
import io.storefleet.model.view.StoreView;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A small client of the audit-log API (fleet view and ledger) for the CLI and the end-to-end tests. */
public final class FleetApi {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI auditLog;
    private final URI gitWatcher;
    private final String webhookSecret;
    private final String token;

    /** Without credentials: for services that do not check them (tests of one service). */
    public FleetApi(URI auditLog, URI gitWatcher) {
        this(auditLog, gitWatcher, null, null);
    }

    /**
     * @param webhookSecret git-watcher's webhook secret: webhooks are signed as GitHub does ({@code X-Hub-Signature-256})
     * @param token         operator API token sent as {@code Authorization: Bearer} (a viewer's suffices for reading)
     */
    public FleetApi(URI auditLog, URI gitWatcher, String webhookSecret, String token) {
        this.auditLog = auditLog;
        this.gitWatcher = gitWatcher;
        this.webhookSecret = webhookSecret;
        this.token = token;
    }

    /** The API of a running stack, with its webhook secret and its viewer token (reading needs no more). */
    public static FleetApi of(io.storefleet.infra.LocalStack stack) {
        return new FleetApi(stack.httpUrl(io.storefleet.infra.Service.AUDIT_LOG), stack.httpUrl(io.storefleet.infra.Service.GIT_WATCHER),
                stack.webhookSecret(), stack.operatorToken(io.storefleet.model.auth.Role.viewer));
    }

    public List<StoreView> stores() throws IOException, InterruptedException {
        return EventCodec.mapper().readValue(get(auditLog.resolve("/api/stores?limit=100000")), new TypeReference<>() {
        });
    }

    /** Ledger rows of one type (and commit, when given). */
    public long eventCount(String type, String commit) throws IOException, InterruptedException {
        var query = "type=" + type + (commit == null ? "" : "&commit=" + commit);
        Map<String, Object> body = EventCodec.mapper().readValue(get(auditLog.resolve("/api/events/count?" + query)), new TypeReference<>() {
        });
        return ((Number) body.get("count")).longValue();
    }

    /** Ledger rows as generic maps (seq, type, storeId, commit, payload, ...). */
    public List<Map<String, Object>> events(String type, String commit) throws IOException, InterruptedException {
        var query = "limit=1000&type=" + type + (commit == null ? "" : "&commit=" + commit);
        return EventCodec.mapper().readValue(get(auditLog.resolve("/api/events?" + query)), new TypeReference<>() {
        });
    }

    /** Asks git-watcher to check now instead of at its next poll, as a Git host's push webhook would. */
    public void triggerWebhook() throws IOException, InterruptedException {
        var body = "{\"ref\":\"refs/heads/main\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var request = HttpRequest.newBuilder(gitWatcher.resolve("/webhooks/git")).header("Content-Type", "application/json")
                .header("X-GitHub-Delivery", java.util.UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).timeout(Duration.ofSeconds(30));
        if (webhookSecret != null) {
            request.header("X-Hub-Signature-256", "sha256=" + hmacSha256Hex(webhookSecret, body));
        }
        var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("webhook answered " + response.statusCode() + ": " + response.body());
        }
    }

    private String get(URI uri) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(uri + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static String hmacSha256Hex(String secret, byte[] body) {
        try {
            var mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
