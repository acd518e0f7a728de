package io.storefleet.agent.enrolment;

import io.storefleet.model.EventCodec;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

/**
 * The agent's side of enrolment: exchanges the one-time token an operator created ({@code storefleet store enroll ID})
 * for the store's own broker credential, once, and keeps it in an owner-only file; from then on the agent logs in
 * with it over TLS, pinning the CA that came with it.
 */
public final class EnrolmentClient {

    /** The store's broker identity as the dispatcher granted it. */
    public record Credential(String storeId, String username, String password, String mqttHost, int mqttPort, String caPem) {
        @Override
        public String toString() {
            return "Credential[" + username + "@" + mqttHost + ":" + mqttPort + "]"; // never the password
        }
    }

    public static final class EnrolmentRefused extends IOException {
        public EnrolmentRefused(String message) {
            super(message);
        }
    }

    /** POSTs the token to {@code <dispatcher>/enrol/<store>}; throws {@link EnrolmentRefused} when the token is not (or no longer) good. */
    public static Credential exchange(URI dispatcher, String storeId, String token) throws IOException, InterruptedException {
        var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        var body = EventCodec.encode(Map.of("token", token));
        var request = HttpRequest.newBuilder(dispatcher.resolve("/enrol/" + URLEncoder.encode(storeId, StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(30)).build();
        var response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 401 || response.statusCode() == 400) {
            throw new EnrolmentRefused("enrolment of " + storeId + " refused (" + response.statusCode() + "): " + response.body());
        }
        if (response.statusCode() != 200) {
            throw new IOException("enrolment of " + storeId + " failed: HTTP " + response.statusCode() + ": " + response.body());
        }
        return EventCodec.decode(response.body(), Credential.class);
    }

    /** Writes the credential (JSON) and its CA (PEM, {@code <file>.ca.pem}) where only this user can read them. */
    public static void save(Credential credential, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        writePrivate(file, EventCodec.encode(credential));
        if (credential.caPem() != null) {
            Files.writeString(caFile(file), credential.caPem());
        }
    }

    public static Credential load(Path file) throws IOException {
        return EventCodec.decode(Files.readString(file), Credential.class);
    }

    public static Path caFile(Path credentialFile) {
        return credentialFile.resolveSibling(credentialFile.getFileName() + ".ca.pem");
    }

    private static void writePrivate(Path file, String content) throws IOException {
        Files.writeString(file, content);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
    }

    private EnrolmentClient() {
    }
}
