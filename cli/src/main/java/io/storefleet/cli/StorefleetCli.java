package io.storefleet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./storefleet}: the one entry point for operators and developers. */
@Command(name = "storefleet", mixinStandardHelpOptions = true, version = "storefleet 0.1.0",
        description = "GitOps deployment for fleets of edge sites.",
        subcommands = {DemoCommand.class, io.storefleet.cli.bench.BenchCommand.class, StatusCommand.class, DownCommand.class,
                VerifyCommand.class, ProofCommand.class, HistoryCommand.class, RenderCommand.class, PlanCommand.class, RolloutCommand.class, RollbackCommand.class, StoreCommand.class, SealCommand.class, CommandLine.HelpCommand.class})
public final class StorefleetCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new StorefleetCli()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
