package io.storefleet.cli;

import io.storefleet.infra.LocalStack;
import io.storefleet.infra.Service;
import org.eclipse.jgit.lib.PersonIdent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = {"Roll the fleet back the GitOps way: a revert commit (author = you) on the branch, pushed;",
                "the pipeline rolls it out like any commit — waves and windows apply unless --urgent.",
                "  ./storefleet rollback                      revert the head commit of the demo's fleet repo",
                "  ./storefleet rollback --to 3f2a1b9c         back to that commit (reverts everything after it)",
                "  ./storefleet rollback --repo ~/fleet --urgent --operator 'Ada <ada@retail.example>'"})
final class RollbackCommand implements Callable<Integer> {
    private static final Pattern PERSON = Pattern.compile("\\s*(.+?)\\s*<([^>]+)>\\s*");

    @Option(names = "--repo", description = "the fleet repo: a local clone, a bare repo or a URL (default: the running demo's)")
    String repo;

    @Option(names = "--branch", defaultValue = "main", description = "branch (default: ${DEFAULT-VALUE})")
    String branch;

    @Option(names = "--to", description = "roll back to this commit instead of reverting only the head")
    String to;

    @Option(names = "--urgent", description = "ignore waves and maintenance windows (security fixes); recorded in the ledger")
    boolean urgent;

    @Option(names = "--operator", description = "author, 'Name <email>' (default: $STOREFLEET_OPERATOR, else your user name)")
    String operator;

    @Option(names = "--no-push", negatable = true, defaultValue = "true", description = "push to origin (default: yes, when there is one)")
    boolean push;

    @Option(names = "--webhook", description = "git-watcher URL to notify (default: the running demo's; 'none' to skip)")
    String webhook;

    @Override
    public Integer call() throws Exception {
        var state = LocalStack.readState(LocalStack.findHome(), DemoCommand.STACK);
        var where = repo != null ? repo : LocalStack.findHome().resolve(".run").resolve(DemoCommand.STACK).resolve("fleet-repo").toString();
        try {
            var result = GitRollback.rollback(where, branch, to, operator(), urgent, push);
            System.out.println("rollback commit " + result.sha() + " on " + branch + (result.pushed() ? " (pushed)" : "")
                    + (urgent ? " [urgent]" : ""));
            System.out.println("  reverts " + String.join(", ", result.reverted().stream().map(s -> s.substring(0, 8)).toList()));
            var hook = webhook != null ? webhook : state.getProperty("url." + Service.GIT_WATCHER.id());
            if (hook != null && !hook.equals("none")) {
                var secret = LocalStack.findHome().resolve(".run").resolve(DemoCommand.STACK).resolve("keys").resolve("webhook.secret");
                notify(hook, java.nio.file.Files.exists(secret) ? java.nio.file.Files.readString(secret).strip() : null);
            }
            return 0;
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("rollback: " + e.getMessage());
            return 1;
        }
    }

    private PersonIdent operator() {
        var text = operator != null ? operator : System.getenv("STOREFLEET_OPERATOR");
        if (text != null) {
            var m = PERSON.matcher(text);
            return m.matches() ? new PersonIdent(m.group(1), m.group(2)) : new PersonIdent(text.strip(), text.strip() + "@storefleet.local");
        }
        var user = System.getProperty("user.name", "operator");
        return new PersonIdent(user, user + "@storefleet.local");
    }

    private static void notify(String gitWatcher, String secret) {
        try {
            new io.storefleet.infra.demo.FleetApi(null, URI.create(gitWatcher), secret, null).triggerWebhook();
            System.out.println("  git-watcher notified");
        } catch (Exception e) {
            System.out.println("  git-watcher not notified (" + e.getMessage() + "); it picks the commit up at its next poll");
        }
    }
}
