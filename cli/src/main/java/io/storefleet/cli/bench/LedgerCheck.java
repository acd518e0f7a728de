package io.storefleet.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.storefleet.infra.Postgres;
import io.storefleet.model.EventCodec;
import io.storefleet.model.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Emitted vs recorded: every event id on the event topics (read from Kafka, beginning to end) against the ledger's
 * rows. Kafka may hold the same event twice (a producer retrying after a broker crash, a consumer replaying after
 * a kill); the ledger must hold each id exactly once.
 *
 * @param kafkaRecords    records on the event topics, redeliveries included
 * @param emitted         distinct event ids on the event topics
 * @param ledgerRows      rows in the ledger
 * @param ledgerDistinct  distinct event ids in the ledger
 * @param missing         emitted ids not in the ledger
 * @param extra           ledger ids never seen on Kafka
 * @param dlqRecords      records on the event topics' dead-letter topics
 */
public record LedgerCheck(long kafkaRecords, long emitted, long ledgerRows, long ledgerDistinct, long missing, long extra,
                   long dlqRecords, List<String> missingSample) {

    /** audit-log's own dead-letter topic (its application.properties), where an event it cannot record goes. */
    static final String AUDIT_DLQ = "storefleet.audit.dlq";

    public long duplicates() {
        return ledgerRows - ledgerDistinct;
    }

    public boolean balanced() {
        return missing == 0 && extra == 0 && duplicates() == 0 && emitted == ledgerRows;
    }

    /** Reads every event id on the event topics and every ledger row of {@code database}; for the bench and the e2e tests. */
    public static LedgerCheck take(String bootstrap, String database) throws Exception {
        var kafka = readKafka(bootstrap, Topics.EVENT_TOPICS);
        var dlqTopics = new ArrayList<>(Topics.EVENT_TOPICS.stream().map(Topics::dlq).toList());
        dlqTopics.add(AUDIT_DLQ);
        long dlq = endOffsetsTotal(bootstrap, dlqTopics);
        var ledger = new HashSet<String>();
        long rows = 0;
        try (var c = Postgres.connect(database); var st = c.createStatement();
             var rs = st.executeQuery("SELECT event_id FROM ledger")) {
            while (rs.next()) {
                rows++;
                ledger.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the ledger: " + e.getMessage(), e);
        }
        var missing = new ArrayList<String>();
        for (var id : kafka.ids) {
            if (!ledger.contains(id)) {
                missing.add(id);
            }
        }
        long extra = ledger.stream().filter(id -> !kafka.ids.contains(id)).count();
        return new LedgerCheck(kafka.records, kafka.ids.size(), rows, ledger.size(), missing.size(), extra, dlq,
                missing.stream().limit(5).toList());
    }

    private record KafkaIds(long records, Set<String> ids) {
    }

    private static KafkaConsumer<String, String> consumer(String bootstrap) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new StringDeserializer());
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, List<String> topics) {
        var partitions = new ArrayList<TopicPartition>();
        for (var topic : topics) {
            // a dead-letter topic that never received anything may not exist: it then holds nothing
            try {
                consumer.partitionsFor(topic, Duration.ofSeconds(30)).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                if (!topic.endsWith("dlq")) {
                    throw e;
                }
            }
        }
        return partitions;
    }

    static long endOffsetsTotal(String bootstrap, List<String> topics) {
        try (var consumer = consumer(bootstrap)) {
            var partitions = partitions(consumer, topics);
            var end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            var begin = consumer.beginningOffsets(partitions, Duration.ofSeconds(30));
            return partitions.stream().mapToLong(p -> end.get(p) - begin.get(p)).sum();
        }
    }

    private static KafkaIds readKafka(String bootstrap, List<String> topics) {
        try (var consumer = consumer(bootstrap)) {
            var partitions = partitions(consumer, topics);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = new HashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(30)));
            var ids = new HashSet<String>();
            long records = 0;
            var deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (!end.isEmpty() && System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    var p = new TopicPartition(record.topic(), record.partition());
                    var last = end.get(p);
                    if (last == null || record.offset() >= last) {
                        continue; // produced after the snapshot
                    }
                    records++;
                    ids.add(eventId(record.value()));
                }
                end.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
            }
            if (!end.isEmpty()) {
                throw new IllegalStateException("could not read the event topics to their end: " + end.keySet());
            }
            return new KafkaIds(records, ids);
        }
    }

    private static String eventId(String json) {
        try {
            JsonNode node = EventCodec.mapper().readTree(json);
            var id = node.path("meta").path("id");
            return id.isMissingNode() ? "unparseable:" + json.hashCode() : id.asText();
        } catch (Exception e) {
            return "unparseable:" + json.hashCode();
        }
    }
}
