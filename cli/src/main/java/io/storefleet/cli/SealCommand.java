package io.storefleet.cli;

import io.storefleet.infra.LocalStack;
import io.storefleet.model.SealedSecrets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code storefleet seal [VALUE]}: seals a secret value to the fleet's secrets key, for a manifest or Helm values in
 * Git ({@code password: sealed:v1:...}). Reads the value from stdin when none is given, so it stays out of shell history.
 */
@Command(name = "seal", description = "Seal a secret value to the fleet key (only agents can open it); put the output in Git.")
public final class SealCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", description = "the value (default: read from stdin)")
    String value;
    @Option(names = "--key", description = "the fleet secrets public key (base64 X.509); default: the local stack's keys/secrets.pub")
    Path key;

    @Override
    public Integer call() throws Exception {
        var keyFile = key != null ? key : LocalStack.findHome().resolve(".run").resolve(DemoCommand.STACK).resolve("keys").resolve("secrets.pub");
        if (!Files.exists(keyFile)) {
            System.err.println("no fleet secrets key at " + keyFile + " (pass --key, or start the stack once)");
            return 2;
        }
        var plaintext = value != null ? value : new String(System.in.readAllBytes()).stripTrailing();
        System.out.println(SealedSecrets.seal(SealedSecrets.publicKey(Files.readString(keyFile)), plaintext));
        return 0;
    }
}
