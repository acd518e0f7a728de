package io.storefleet.cli;

import io.storefleet.infra.LocalStack;
import io.storefleet.infra.Service;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** GETs from the audit-log service: the one given with --url, else the running stack's (as `status` finds it). */
final class AuditLogClient {
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private AuditLogClient(URI base) {
        this.base = base;
    }

    /** @return null when no --url was given and no stack is running */
    static AuditLogClient find(String url) {
        if (url != null) {
            return new AuditLogClient(URI.create(url));
        }
        var state = LocalStack.readState(LocalStack.findHome(), DemoCommand.STACK);
        var audit = state.getProperty("url." + Service.AUDIT_LOG.id());
        return audit == null ? null : new AuditLogClient(URI.create(audit));
    }

    static int noStack() {
        System.err.println("no stack running (start one with ./storefleet demo --keep, or pass --url)");
        return 2;
    }

    String get(String pathAndQuery) throws IOException, InterruptedException {
        var request = OperatorCredentials.authorize(HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofMinutes(10)).GET());
        var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            var why = OperatorCredentials.explain(response.statusCode());
            throw new IOException("GET " + pathAndQuery + " → HTTP " + response.statusCode() + ": " + (why != null ? why : response.body()));
        }
        return response.body();
    }
}
