package io.storefleet.e2e;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs a `storefleet` command in this JVM and captures what it prints. */
final class Cli {
    record Run(int exit, String out) {
    }

    static synchronized Run run(String... args) {
        var buffer = new ByteArrayOutputStream();
        var stdout = System.out;
        var stderr = System.err;
        var capture = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            int exit = new picocli.CommandLine(new io.storefleet.cli.StorefleetCli()).execute(args);
            return new Run(exit, buffer.toString(StandardCharsets.UTF_8).trim());
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
    }

    private Cli() {
    }
}
