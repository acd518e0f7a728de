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

    public FleetApi(URI auditLog, URI gitWatcher) {
        this.auditLog = auditLog;
        this.gitWatcher = gitWatcher;
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
        var response = http.send(HttpRequest.newBuilder(gitWatcher.resolve("/webhooks/git"))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("webhook answered " + response.statusCode() + ": " + response.body());
        }
    }

    private String get(URI uri) throws IOException, InterruptedException {
        var response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(uri + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
