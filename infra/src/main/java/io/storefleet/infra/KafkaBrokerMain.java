package io.storefleet.infra;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool$;
import org.apache.kafka.common.utils.Time;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

/**
 * A single-node KRaft broker (broker + controller) in its own JVM, from the Kafka jars on the classpath.
 * Args: {@code DATA_DIR PORT CONTROLLER_PORT}. Runs until killed.
 */
public final class KafkaBrokerMain {

    public static void main(String[] args) throws Exception {
        var dataDir = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        int controllerPort = Integer.parseInt(args[2]);
        Files.createDirectories(dataDir);

        var props = brokerProperties(dataDir, port, controllerPort);
        var config = dataDir.resolve("server.properties");
        try (var out = Files.newBufferedWriter(config)) {
            props.store(out, "storefleet local broker");
        }
        if (!Files.exists(dataDir.resolve("logs/meta.properties"))) {
            StorageTool$.MODULE$.execute(new String[]{"format", "-t", UUID.randomUUID().toString().replace("-", "").substring(0, 22),
                    "-c", config.toString()}, System.out);
        }
        var server = new KafkaRaftServer(new KafkaConfig(props), Time.SYSTEM);
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown();
            stopped.countDown();
        }));
        server.startup();
        stopped.await();
    }

    static Properties brokerProperties(Path dataDir, int port, int controllerPort) {
        var p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dataDir.resolve("logs").toString());
        p.put("num.partitions", "12");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "12");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "true");
        return p;
    }

    private KafkaBrokerMain() {
    }
}
