package io.storefleet.agentapp;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The agent app's first boot with an enrolment token: it exchanges the token once at the dispatcher (a stand-in HTTP
 * endpoint here; the real exchange is StoreEnrolmentIT), keeps the credential owner-only, deletes the token and
 * connects to the broker with what it got.
 */
@QuarkusTest
@TestProfile(EnrolmentAtBootTest.Enrolling.class)
class EnrolmentAtBootTest {
    static final List<String> EXCHANGES = new CopyOnWriteArrayList<>();

    @jakarta.inject.Inject
    AgentService service;

    public static class Enrolling implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(MockClusterResource.class), new TestResourceEntry(Dispatcher.class));
        }
    }

    /** Answers {@code POST /enrol/{id}} with a credential for the machine's broker. */
    public static class Dispatcher implements QuarkusTestResourceLifecycleManager {
        private HttpServer server;

        @Override
        public Map<String, String> start() {
            try {
                var dir = Files.createTempDirectory("enrol");
                var token = Files.writeString(dir.resolve("token"), "sfe_test-token\n");
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
                server.createContext("/enrol/", exchange -> {
                    var store = exchange.getRequestURI().getPath().substring("/enrol/".length());
                    EXCHANGES.add(store + " " + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                    var body = ("{\"storeId\":\"" + store + "\",\"username\":\"" + store + "\",\"password\":\"pw-from-enrolment\","
                            + "\"mqttHost\":\"127.0.0.1\",\"mqttPort\":1883,\"caPem\":null}").getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                });
                server.start();
                var config = new HashMap<String, String>();
                config.put("storefleet.agent.enrolment-dispatcher-url", "http://127.0.0.1:" + server.getAddress().getPort());
                config.put("storefleet.agent.enrolment-token-file", token.toString());
                config.put("storefleet.agent.enrolment-credential-file", dir.resolve("state").resolve("mqtt-credential.json").toString());
                // the configured broker is wrong on purpose: only the enrolled credential gets the agent connected
                config.put("storefleet.agent.mqtt-port", "1");
                return config;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void stop() {
            if (server != null) {
                server.stop(0);
            }
        }
    }

    @Test
    void firstBootExchangesTheTokenOnceKeepsTheCredentialAndConnects() throws Exception {
        var config = ConfigProvider.getConfig();
        var store = config.getValue("storefleet.agent.store-id", String.class);
        var credential = Path.of(config.getValue("storefleet.agent.enrolment-credential-file", String.class));

        assertThat(EXCHANGES).containsExactly(store + " {\"token\":\"sfe_test-token\"}");
        assertThat(Files.getPosixFilePermissions(credential)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(Files.readString(credential)).contains("pw-from-enrolment");
        assertThat(Path.of(config.getValue("storefleet.agent.enrolment-token-file", String.class))).doesNotExist();
        // the configured port is 1: connected means connected with the enrolled credential's broker
        await().until(service::mqttConnected);
        given().get("/q/health/ready").then().statusCode(200);
    }
}
