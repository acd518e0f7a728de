package io.storefleet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.storefleet.infra.LocalStack;
import io.storefleet.infra.Service;
import io.storefleet.model.EventCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;

/** {@code storefleet store enroll|revoke ID}: a store's broker access, through the dispatcher, with an admin token. */
@Command(name = "store", description = "Enrol a store (one-time token for its agent) or revoke it (cut off at once).",
        subcommands = {StoreCommand.Enroll.class, StoreCommand.Revoke.class})
public final class StoreCommand implements Runnable {

    @Override
    public void run() {
        System.err.println("usage: storefleet store enroll|revoke ID [--url DISPATCHER]");
    }

    /** What each store subcommand takes: the store, and the dispatcher to ask. */
    static final class Target {
        @Parameters(index = "0", description = "store id")
        String store;
        @Option(names = "--url", description = "store-dispatcher URL (default: the running stack's)")
        String url;

        /** POSTs {@code /api/stores/{store}/{action}}; see {@link #postToDispatcher}. */
        int post(String action, BiConsumer<URI, JsonNode> onOk) throws Exception {
            return postToDispatcher(url, "/api/stores/" + enc(store) + "/" + action, onOk);
        }
    }

    @Command(name = "enroll", aliases = "enrol", description = "Create a one-time enrolment token for a store's agent.")
    static final class Enroll implements Callable<Integer> {
        @Mixin
        Target target;

        @Override
        public Integer call() throws Exception {
            var store = target.store;
            return target.post("enrolment", (base, body) -> {
                System.out.println("enrolment token for " + store + " (one use, expires " + body.get("expires").asText() + "):");
                System.out.println(body.get("token").asText());
                System.out.println("the agent exchanges it at " + base.resolve("/enrol/" + enc(store)));
            });
        }
    }

    @Command(name = "revoke", description = "Remove a store's broker credential; the broker drops its session within seconds.")
    static final class Revoke implements Callable<Integer> {
        @Mixin
        Target target;

        @Override
        public Integer call() throws Exception {
            var store = target.store;
            return target.post("revoke", (base, body) ->
                    System.out.println(body.get("revoked").asBoolean() ? "revoked: " + store + " can no longer reach the broker"
                            : "no credential for " + store + " (pending enrolment tokens dropped)"));
        }
    }

    /** POSTs to the dispatcher (given or the running stack's) with the operator's token; prints the answer or why not. */
    static int postToDispatcher(String url, String path, BiConsumer<URI, JsonNode> onOk) throws Exception {
        var base = dispatcher(url);
        if (base == null) {
            return AuditLogClient.noStack();
        }
        var response = post(base, path);
        if (response.statusCode() != 200) {
            return failed(response);
        }
        onOk.accept(base, EventCodec.mapper().readTree(response.body()));
        return 0;
    }

    static URI dispatcher(String url) {
        if (url != null) {
            return URI.create(url);
        }
        var state = LocalStack.readState(LocalStack.findHome(), DemoCommand.STACK);
        var found = state.getProperty("url." + Service.STORE_DISPATCHER.id());
        return found == null ? null : URI.create(found);
    }

    static HttpResponse<String> post(URI base, String path) throws Exception {
        var request = OperatorCredentials.authorize(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody()));
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static int failed(HttpResponse<String> response) {
        var why = OperatorCredentials.explain(response.statusCode());
        System.err.println("HTTP " + response.statusCode() + ": " + (why != null ? why : response.body()));
        return 1;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
