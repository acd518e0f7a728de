package io.storefleet.infra;

import io.storefleet.model.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class LocalStackIT {

    @Test
    void startsKafkaMosquittoAndAFreshDatabaseAndStopsThemAgain() throws Exception {
        var name = "it-" + UUID.randomUUID().toString().substring(0, 8);
        int mqtt;
        try (var stack = LocalStack.create(LocalStack.findHome(), name, "sf_" + name.replace('-', '_'), true).startInfra()) {
            try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap()))) {
                var topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
                assertThat(topics).contains(Topics.BUNDLE_DEPLOYMENTS, Topics.dlq(Topics.STORE_STATUS));
                var partitions = admin.describeTopics(java.util.List.of(Topics.STORE_STATUS)).allTopicNames()
                        .get(30, TimeUnit.SECONDS).get(Topics.STORE_STATUS).partitions();
                assertThat(partitions).hasSize(LocalStack.PARTITIONS);
            }
            mqtt = stack.mqttPort();
            assertThat(Ports.answers("127.0.0.1", mqtt)).isTrue();
            try (var c = Postgres.connect(stack.database())) {
                StoreInventory.createSchema(c);
                StoreInventory.upsert(c, StoreInventory.stores(StoreInventory.fixture(), 5, name + "-"));
                try (var rs = c.createStatement().executeQuery("select count(*), min(labels->>'region') from stores")) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(5);
                    assertThat(rs.getString(2)).isNotBlank();
                }
            }
        }
        assertThat(Ports.answers("127.0.0.1", mqtt)).isFalse();
    }
}
