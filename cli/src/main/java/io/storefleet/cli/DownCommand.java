package io.storefleet.cli;

import io.storefleet.infra.LocalStack;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "down", mixinStandardHelpOptions = true, description = "Stop a stack left running by `demo --keep`.")
final class DownCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        var stopped = LocalStack.stopRecorded(LocalStack.findHome(), DemoCommand.STACK);
        System.out.println(stopped ? "stack stopped" : "no stack running");
        return 0;
    }
}
