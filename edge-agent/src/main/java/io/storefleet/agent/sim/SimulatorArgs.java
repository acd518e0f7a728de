package io.storefleet.agent.sim;

import java.time.Duration;

/** Command line of {@link Simulator#main}. */
final class SimulatorArgs {
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(3);
    static final String USAGE = "usage: Simulator --broker host:port --stores N [--id-prefix store-] "
            + "[--ready-delay-ms MIN-MAX] [--heartbeat-s S] [--connect-concurrency C] [--keepalive-s S] "
            + "[--public-key-file FILE (planner key set: base64 X.509 Ed25519 keys, one per line, any of them may sign; without it deployments are not verified)] "
            + "[--tls-ca-file PEM (TLS to the broker, pinning this CA)] [--credentials-file FILE (properties: store id = password)] "
            + "[--secrets-key-file FILE (base64 PKCS#8 X25519 fleet secrets key, opens sealed values)]";

    static SimulatorConfig parse(String[] args) {
        var host = "127.0.0.1";
        var port = 1883;
        var stores = 10;
        var prefix = "store-";
        var readyDelay = DelayRange.DEFAULT_READY;
        Duration heartbeat = null;
        Integer concurrency = null;
        Integer keepAlive = null;
        java.util.List<java.security.PublicKey> plannerKeys = java.util.List.of();
        String caFile = null;
        java.security.PrivateKey secretsKey = null;
        java.util.Map<String, String> passwords = java.util.Map.of();
        for (int i = 0; i < args.length; i++) {
            var value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--broker" -> {
                    var at = required(args[i], value).lastIndexOf(':');
                    host = at < 0 ? value : value.substring(0, at);
                    port = at < 0 ? 1883 : Integer.parseInt(value.substring(at + 1));
                }
                case "--stores" -> stores = Integer.parseInt(required(args[i], value));
                case "--id-prefix" -> prefix = required(args[i], value);
                case "--ready-delay-ms" -> readyDelay = DelayRange.parseMillis(required(args[i], value));
                case "--heartbeat-s" -> heartbeat = Duration.ofSeconds(Long.parseLong(required(args[i], value)));
                case "--connect-concurrency" -> concurrency = Integer.parseInt(required(args[i], value));
                case "--keepalive-s" -> keepAlive = Integer.parseInt(required(args[i], value));
                case "--public-key-file" -> plannerKeys = readKeys(required(args[i], value));
                case "--tls-ca-file" -> caFile = required(args[i], value);
                case "--secrets-key-file" -> secretsKey = readSecretsKey(required(args[i], value));
                case "--credentials-file" -> passwords = readCredentials(required(args[i], value));
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "\n" + USAGE);
            }
            i++;
        }
        var config = SimulatorConfig.of(host, port, SimulatorConfig.numberedIds(prefix, stores)).withReadyDelay(readyDelay);
        config = heartbeat == null ? config : config.withHeartbeatInterval(heartbeat);
        config = concurrency == null ? config : config.withConnectConcurrency(concurrency);
        config = keepAlive == null ? config : config.withKeepAliveSeconds(keepAlive);
        return config.withPlannerKeys(plannerKeys).withSecurity(caFile, passwords).withSecretsKey(secretsKey);
    }

    private static java.security.PrivateKey readSecretsKey(String file) {
        try {
            return io.storefleet.model.SealedSecrets.privateKey(java.nio.file.Files.readString(java.nio.file.Path.of(file)));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read --secrets-key-file " + file + ": " + e.getMessage(), e);
        }
    }

    private static java.util.Map<String, String> readCredentials(String file) {
        var props = new java.util.Properties();
        try (var in = java.nio.file.Files.newBufferedReader(java.nio.file.Path.of(file))) {
            props.load(in);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read --credentials-file " + file + ": " + e.getMessage(), e);
        }
        var passwords = new java.util.HashMap<String, String>();
        props.forEach((k, v) -> passwords.put((String) k, (String) v));
        return passwords;
    }

    private static java.util.List<java.security.PublicKey> readKeys(String file) {
        try {
            return io.storefleet.agent.core.PlannerKeys.read(java.nio.file.Path.of(file));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--public-key-file: " + e.getMessage(), e);
        }
    }

    private static String required(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return value;
    }

    private SimulatorArgs() {
    }
}
