package io.storefleet.cli;

import io.storefleet.infra.LocalStack;
import io.storefleet.infra.Service;
import io.storefleet.model.EventCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;

@Command(name = "rollout", mixinStandardHelpOptions = true,
        description = {"Staged rollouts (fleet.yaml rolloutStrategy / storefleet extras), from the planner:",
                "  ./storefleet rollout status                       the latest rollouts, a bar per wave",
                "  ./storefleet rollout status ROLLOUT --watch       live per-wave progress until it ends",
                "  ./storefleet rollout pause|resume|abort ROLLOUT   (ROLLOUT = <bundle>@<sha8>, see status)"})
final class RolloutCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "status | pause | resume | abort")
    String action;

    @Parameters(index = "1", arity = "0..1", description = "rollout id (status without it lists the latest)")
    String rollout;

    @Option(names = "--watch", description = "status: redraw every second until the rollout ends")
    boolean watch;

    @Option(names = "--stores", description = "status: one line per store (state, window, rolled back)")
    boolean stores;

    @Option(names = "--url", description = "bundle-planner base URL (default: the running stack's)")
    String url;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Override
    public Integer call() throws Exception {
        var base = url;
        if (base == null) {
            base = LocalStack.readState(LocalStack.findHome(), DemoCommand.STACK).getProperty("url." + Service.BUNDLE_PLANNER.id());
        }
        if (base == null) {
            System.err.println("no stack running (start one with ./storefleet demo --keep, or pass --url)");
            return 2;
        }
        var planner = URI.create(base);
        switch (action) {
            case "status" -> {
                if (rollout == null) {
                    var list = EventCodec.mapper().readTree(send(planner, "GET", "/api/rollouts?limit=10"));
                    if (list.isEmpty()) {
                        System.out.println("no rollouts yet (a bundle gets one when its fleet.yaml has rolloutStrategy or storefleet: extras)");
                    }
                    list.forEach(r -> RolloutProgress.lines(r, stores).forEach(System.out::println));
                    return 0;
                }
                return watch ? watch(planner) : print(planner);
            }
            case "pause", "resume", "abort" -> {
                if (rollout == null) {
                    System.err.println("rollout " + action + " needs a rollout id (see ./storefleet rollout status)");
                    return 2;
                }
                var view = EventCodec.mapper().readTree(send(planner, "POST", "/api/rollouts/" + enc(rollout) + "/" + action));
                RolloutProgress.lines(view, stores).forEach(System.out::println);
                return 0;
            }
            default -> {
                System.err.println("unknown action " + action + " (status, pause, resume, abort)");
                return 2;
            }
        }
    }

    private int print(URI planner) throws IOException, InterruptedException {
        var view = EventCodec.mapper().readTree(send(planner, "GET", "/api/rollouts/" + enc(rollout)));
        RolloutProgress.lines(view, stores).forEach(System.out::println);
        return 0;
    }

    private int watch(URI planner) throws IOException, InterruptedException {
        var terminal = System.console() != null;
        int drawn = 0;
        String last = "";
        while (true) {
            var view = EventCodec.mapper().readTree(send(planner, "GET", "/api/rollouts/" + enc(rollout)));
            var lines = RolloutProgress.lines(view, stores);
            var text = String.join("\n", lines);
            if (!text.equals(last)) {
                if (terminal && drawn > 0) {
                    System.out.print("\033[" + drawn + "A\033[J"); // redraw the block in place
                }
                System.out.println(text);
                drawn = lines.size();
                last = text;
            }
            if (RolloutProgress.finished(view)) {
                return view.path("state").asText().equals("Completed") ? 0 : 1;
            }
            Thread.sleep(1000); // a polling interval for a human watching, not a test wait
        }
    }

    private String send(URI base, String method, String path) throws IOException, InterruptedException {
        var request = OperatorCredentials.authorize(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody()));
        var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(method + " " + path + " → HTTP " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
