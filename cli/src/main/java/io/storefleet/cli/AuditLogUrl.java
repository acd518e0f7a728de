package io.storefleet.cli;

import picocli.CommandLine.Option;

/** The {@code --url} option of the commands that read the audit log (picocli mixin). */
final class AuditLogUrl {
    @Option(names = "--url", description = "audit-log base URL (default: the running stack's)")
    String url;

    /** @return null when no --url was given and no stack is running */
    AuditLogClient client() {
        return AuditLogClient.find(url);
    }

    /** Runs {@code use} against the audit log; without one (no --url, no running stack) says so and exits 2. */
    int call(Use use) throws Exception {
        var client = client();
        return client == null ? AuditLogClient.noStack() : use.with(client);
    }

    /** What a command does with the audit log; returns its exit code. */
    @FunctionalInterface
    interface Use {
        int with(AuditLogClient client) throws Exception;
    }
}
