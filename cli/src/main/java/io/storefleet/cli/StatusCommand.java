package io.storefleet.cli;

import io.storefleet.infra.LocalStack;
import io.storefleet.infra.Service;
import io.storefleet.infra.demo.FleetApi;
import picocli.CommandLine.Command;

import java.net.URI;
import java.util.TreeMap;
import java.util.concurrent.Callable;

@Command(name = "status", mixinStandardHelpOptions = true, description = "Fleet summary of a running stack: stores per state.")
final class StatusCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        var state = LocalStack.readState(LocalStack.findHome(), DemoCommand.STACK);
        var audit = state.getProperty("url." + Service.AUDIT_LOG.id());
        if (audit == null) {
            System.out.println("no stack running (start one with ./storefleet demo --keep)");
            return 1;
        }
        var stores = new FleetApi(URI.create(audit), URI.create(state.getProperty("url." + Service.GIT_WATCHER.id())), null,
                OperatorCredentials.token().orElse(null)).stores();
        var byState = new TreeMap<String, Integer>();
        stores.forEach(s -> byState.merge(Boolean.FALSE.equals(s.online()) ? "Offline" : String.valueOf(s.state()), 1, Integer::sum));
        System.out.println(stores.size() + " stores " + byState);
        return 0;
    }
}
