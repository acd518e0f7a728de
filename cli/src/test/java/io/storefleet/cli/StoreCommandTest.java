package io.storefleet.cli;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code store enroll|revoke ID --url}: both POST to the dispatcher with the operator token and print its answer. */
class StoreCommandTest {
    private final PrintStream stdout = System.out;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private HttpServer dispatcher;
    private String url;

    @BeforeEach
    void startDispatcher(@TempDir Path dir) throws Exception {
        System.setProperty(OperatorCredentials.PROPERTY_TOKEN_FILE, Files.writeString(dir.resolve("admin.token"), "t0k\n").toString());
        dispatcher = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        dispatcher.createContext("/api/stores/", exchange -> {
            var path = exchange.getRequestURI().getRawPath();
            requests.add(exchange.getRequestMethod() + " " + path + " " + exchange.getRequestHeaders().getFirst("Authorization"));
            var json = path.endsWith("/enrolment")
                    ? "{\"token\":\"one-time\",\"expires\":\"2026-11-27T00:00:00Z\"}"
                    : "{\"revoked\":true}";
            var body = json.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        dispatcher.start();
        url = "http://127.0.0.1:" + dispatcher.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        System.setOut(stdout);
        System.clearProperty(OperatorCredentials.PROPERTY_TOKEN_FILE);
        dispatcher.stop(0);
    }

    @Test
    void enrollPrintsTheOneTimeTokenAndWhereTheAgentExchangesIt() {
        var out = run("store", "enroll", "store 7", "--url", url);

        assertThat(requests).containsExactly("POST /api/stores/store+7/enrolment Bearer t0k");
        assertThat(out).contains("enrolment token for store 7 (one use, expires 2026-11-27T00:00:00Z):", "one-time",
                url + "/enrol/store+7");
    }

    @Test
    void revokeTakesTheSameStoreAndUrl() {
        var out = run("store", "revoke", "--url", url, "store-0042");

        assertThat(requests).containsExactly("POST /api/stores/store-0042/revoke Bearer t0k");
        assertThat(out).isEqualTo("revoked: store-0042 can no longer reach the broker");
    }

    private String run(String... args) {
        var out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int exit = new CommandLine(new StorefleetCli()).execute(args);
        System.setOut(stdout);
        assertThat(exit).as(String.join(" ", args)).isZero();
        return out.toString(StandardCharsets.UTF_8).trim();
    }
}
