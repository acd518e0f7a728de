package io.storefleet.cli.bench;

import io.storefleet.infra.Ports;
import io.storefleet.infra.demo.DemoRepo;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.transport.RefSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pattern many fleets run today: every store polls Git itself (Flux's GitRepository interval, or a cron'd
 * script). Each simulated store asks a real {@code git daemon} for the branch head every interval (what Flux's
 * source-controller does first), and when the head moved does a full fetch of it into a fresh repository (Flux
 * clones per reconcile), then counts as applied. Stores are phase-shifted at random over one interval, as
 * independently started agents are. One scheduled pool for all stores, not a thread per store.
 */
final class GitPollBaseline implements AutoCloseable {
    private static final int THREADS = 8;
    private final Path baseDir;
    private final int stores;
    private final Duration interval;
    private final AtomicLong lsRemotes = new AtomicLong();
    private final AtomicLong fetches = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final Map<Integer, String> applied = new ConcurrentHashMap<>();
    private final Map<Integer, Long> appliedAtNanos = new ConcurrentHashMap<>();
    private Process daemon;
    private ScheduledExecutorService pool;
    private String url;

    /** @param baseDir the git daemon's base path; the repo lives in {@code baseDir/fleet-repo} */
    GitPollBaseline(Path baseDir, int stores, Duration interval) {
        this.baseDir = baseDir;
        this.stores = stores;
        this.interval = interval;
    }

    /** @param seconds convergence time after the commit (max over stores), per-store stats, and fetches served */
    record Result(double seconds, Stats perStore, long lsRemotes, long fetches, long errors, int stores, Duration interval) {
        long served() {
            return lsRemotes + fetches;
        }
    }

    Result run(Duration timeout) throws Exception {
        Files.createDirectories(baseDir);
        var repo = DemoRepo.create(baseDir.resolve("fleet-repo"));
        try (repo) {
            int port = Ports.free();
            daemon = new ProcessBuilder("git", "daemon", "--export-all", "--reuseaddr", "--listen=127.0.0.1",
                    "--port=" + port, "--max-connections=0", "--base-path=" + baseDir, baseDir.toString())
                    .redirectErrorStream(true).redirectOutput(baseDir.resolve("git-daemon.log").toFile()).start();
            waitUntil(() -> Ports.answers("127.0.0.1", port), Duration.ofSeconds(10), "git daemon");
            url = "git://127.0.0.1:" + port + "/fleet-repo";
            pool = Executors.newScheduledThreadPool(THREADS, r -> {
                var t = new Thread(r, "git-poll");
                t.setDaemon(true);
                return t;
            });
            for (int i = 0; i < stores; i++) {
                var store = i;
                var phase = ThreadLocalRandom.current().nextLong(interval.toMillis());
                pool.scheduleAtFixedRate(() -> poll(store), phase, interval.toMillis(), TimeUnit.MILLISECONDS);
            }
            var first = repo.head();
            waitUntil(() -> count(first) == stores, interval.plus(timeout), "every store on the first commit");
            long start = System.nanoTime();
            var next = repo.nextRelease("alice");
            waitUntil(() -> count(next) == stores, interval.plus(timeout), "every store on the new commit (git-poll)");
            var perStore = new ArrayList<Double>();
            appliedAtNanos.values().forEach(t -> perStore.add((t - start) / 1e9));
            var seconds = perStore.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
            return new Result(seconds, Stats.of(perStore), lsRemotes.get(), fetches.get(), errors.get(), stores, interval);
        }
    }

    private long count(String head) {
        return applied.values().stream().filter(head::equals).count();
    }

    private void poll(int store) {
        try {
            lsRemotes.incrementAndGet();
            var refs = Git.lsRemoteRepository().setRemote(url).setHeads(true).call();
            var head = refs.stream().filter(r -> r.getName().equals("refs/heads/main")).findFirst()
                    .map(r -> r.getObjectId().getName()).orElse(null);
            if (head == null || head.equals(applied.get(store))) {
                return;
            }
            fetches.incrementAndGet();
            try (var local = new InMemoryRepository(new DfsRepositoryDescription("store-" + store)); var git = new Git(local)) {
                git.fetch().setRemote(url).setRefSpecs(new RefSpec("+refs/heads/main:refs/heads/main")).call();
            }
            applied.put(store, head);
            appliedAtNanos.put(store, System.nanoTime());
        } catch (Exception e) {
            errors.incrementAndGet(); // a store that fails a poll tries again next interval, as Flux does
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        var deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("git-poll baseline: timed out waiting for " + what);
            }
            Thread.sleep(100); // polling a counter the pool threads update
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
        if (daemon != null) {
            daemon.destroy();
            try {
                daemon.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // git daemon forks one child per connection; stop any still serving
            daemon.descendants().forEach(ProcessHandle::destroy);
        }
    }
}
