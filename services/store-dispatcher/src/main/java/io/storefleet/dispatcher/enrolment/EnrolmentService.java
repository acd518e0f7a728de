package io.storefleet.dispatcher.enrolment;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.storefleet.model.EventCodec;
import io.storefleet.model.EventMeta;
import io.storefleet.model.StoreAccessChanged;
import io.storefleet.model.broker.BrokerPasswordFile;
import io.storefleet.model.broker.MosquittoPasswords;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Enrols and revokes stores on the broker: an admin issues a one-time token; the store's agent exchanges it once for
 * its own password (username = store id), which goes into the broker's password file as a {@code $7$} hash only; a
 * revocation removes the line and reloads the broker, which drops the session at once. Each step is a
 * {@link StoreAccessChanged} on the store's status topic with the actor, so the ledger records it.
 */
@ApplicationScoped
public class EnrolmentService {
    public static final String CHANNEL = "store-access";
    private final EnrolmentConfig config;
    private final MutinyEmitter<String> events;

    public EnrolmentService(EnrolmentConfig config, @Channel(CHANNEL) MutinyEmitter<String> events) {
        this.config = config;
        this.events = events;
    }

    public boolean enabled() {
        return config.passwordFile().isPresent() && config.tokensFile().isPresent();
    }

    public record Issued(String storeId, String token, Instant expires) {
    }

    /** What the agent gets for its token: its broker identity and where and how to reach the broker. */
    public record Grant(String storeId, String username, String password, String mqttHost, int mqttPort, String caPem) {
        @Override
        public String toString() {
            return "Grant[" + storeId + "]"; // never the password
        }
    }

    public Issued issue(String storeId, String actor) throws IOException {
        requireValid(storeId);
        var expires = Instant.now().plus(config.tokenTtl());
        var token = tokens().issue(storeId, expires);
        emit(storeId, StoreAccessChanged.Change.EnrolmentIssued, actor);
        return new Issued(storeId, token, expires);
    }

    /** The credential for a valid, unused token; empty when the token is wrong, used, expired or for another store. */
    public Optional<Grant> exchange(String storeId, String token) throws IOException, InterruptedException {
        requireValid(storeId);
        if (!tokens().consume(storeId, token, Instant.now())) {
            return Optional.empty();
        }
        var password = MosquittoPasswords.newPassword();
        var hash = MosquittoPasswords.hash(password);
        passwords().update(m -> m.put(storeId, hash));
        reload();
        emit(storeId, StoreAccessChanged.Change.Enrolled, storeId);
        var ca = config.caFile().isPresent() ? Files.readString(Path.of(config.caFile().get())) : null;
        return Optional.of(new Grant(storeId, storeId, password, config.mqttHost(), config.mqttPort(), ca));
    }

    /** Removes the store's credential and pending tokens; the broker drops its session. True when it had a credential. */
    public boolean revoke(String storeId, String actor) throws IOException, InterruptedException {
        requireValid(storeId);
        var had = new boolean[1];
        passwords().update(m -> had[0] = m.remove(storeId) != null);
        tokens().dropAll(storeId);
        reload();
        emit(storeId, StoreAccessChanged.Change.Revoked, actor);
        return had[0];
    }

    private void reload() throws IOException, InterruptedException {
        BrokerPasswordFile.reloadBroker(config.brokerPidFile().map(Path::of).orElse(null));
    }

    private void emit(String storeId, StoreAccessChanged.Change change, String actor) {
        var event = new StoreAccessChanged(EventMeta.of("store-dispatcher", storeId), storeId, change, actor);
        var metadata = OutgoingKafkaRecordMetadata.<String>builder().withKey(storeId).build();
        // the action is done once Kafka has its record: the ledger must not miss who did it
        events.sendMessage(Message.of(EventCodec.encode(event)).addMetadata(metadata)).await().atMost(Duration.ofSeconds(30));
    }

    private static void requireValid(String storeId) {
        if (!BrokerPasswordFile.validUser(storeId)) {
            throw new IllegalArgumentException("not a valid store id: '" + storeId + "'");
        }
    }

    private EnrolmentTokens tokens() {
        return new EnrolmentTokens(Path.of(config.tokensFile().orElseThrow()));
    }

    private BrokerPasswordFile passwords() {
        return new BrokerPasswordFile(Path.of(config.passwordFile().orElseThrow()));
    }
}
