package io.storefleet.cli;

import io.storefleet.model.EventCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Walk the audit ledger's hash chains: `ledger ok: N entries` or `ledger broken at seq K (reason)` (exit 1).")
final class VerifyCommand implements Callable<Integer> {

    @Mixin
    AuditLogUrl auditLog;

    @Override
    public Integer call() throws Exception {
        return auditLog.call(VerifyCommand::verify);
    }

    private static int verify(AuditLogClient client) throws Exception {
        var result = EventCodec.mapper().readTree(client.get("/api/ledger/verify"));
        if (result.path("ok").asBoolean()) {
            System.out.println("ledger ok: " + result.path("entries").asLong() + " entries");
            return 0;
        }
        System.out.println("ledger broken at seq " + result.path("brokenAtSeq").asLong() + " ("
                + result.path("reason").asText() + ")");
        return 1;
    }
}
