package io.storefleet.audit.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.storefleet.model.Topics;

/** The reporting stream's producer ({@link KafkaLedgerPublisher}); the brokers are {@code kafka.bootstrap.servers}. */
@ConfigMapping(prefix = "storefleet.audit-ledger")
public interface LedgerProducerConfig {
    /** Topic the committed ledger rows go to. */
    @WithDefault(Topics.AUDIT_LEDGER)
    String topic();

    /** Producer {@code linger.ms}: a relay round hands over up to relay-batch rows at once, so wait for fuller requests. */
    @WithDefault("20")
    int lingerMs();

    /** Producer {@code batch.size} in bytes. */
    @WithDefault("262144")
    int batchSize();
}
