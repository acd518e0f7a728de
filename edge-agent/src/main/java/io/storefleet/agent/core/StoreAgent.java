package io.storefleet.agent.core;

import io.storefleet.model.BundleDeploymentPlanned;
import io.storefleet.model.BundleState;
import io.storefleet.model.BundleStatus;
import io.storefleet.model.EventMeta;
import io.storefleet.model.MqttTopics;
import io.storefleet.model.StoreHeartbeat;
import io.storefleet.model.StoreStatusReported;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The agent of one store: desired messages in, cluster changes, status out. Transport-agnostic and
 * thread-safe (one lock per store; callbacks come from the transport and from the runtime).
 */
public final class StoreAgent {
    public static final String SOURCE = "edge-agent";
    private static final System.Logger LOG = System.getLogger(StoreAgent.class.getName());

    private final String storeId;
    private final ClusterRuntime runtime;
    private final StatusSink sink;
    private final Scheduler scheduler;
    private final DeploymentVerifier verifier;
    private volatile DesiredCache cache;
    private final Map<String, BundleRecord> bundles = new TreeMap<>();
    /** Accepted deployments held back until every bundle they depend on ({@code dependsOn}) is Ready here. */
    private final Map<String, Held> held = new TreeMap<>();
    private List<BundleStatus> lastReported;
    private Scheduler.Cancellable heartbeatTimer;
    private int applyCount;
    private final java.security.PrivateKey secretsKey;

    /** An agent that applies unsigned deployments: only for the simulator when no planner key is configured. */
    public StoreAgent(String storeId, ClusterRuntime runtime, StatusSink sink, Scheduler scheduler) {
        this(storeId, runtime, sink, scheduler, null);
    }

    /**
     * @param verifier checks signature and content hash before anything is applied; null turns verification off
     */
    public StoreAgent(String storeId, ClusterRuntime runtime, StatusSink sink, Scheduler scheduler,
                      DeploymentVerifier verifier) {
        this(storeId, runtime, sink, scheduler, verifier, null);
    }

    /**
     * @param secretsKey the fleet's secrets key: opens {@code sealed:v1:} values right before apply (never reported or
     *                   logged); null = a deployment with sealed values fails with {@code SecretUnreadable}
     */
    public StoreAgent(String storeId, ClusterRuntime runtime, StatusSink sink, Scheduler scheduler,
                      DeploymentVerifier verifier, java.security.PrivateKey secretsKey) {
        this.secretsKey = secretsKey;
        this.storeId = storeId;
        this.verifier = verifier;
        this.runtime = runtime;
        this.sink = sink;
        this.scheduler = scheduler;
        runtime.onReadinessChange(this::readinessChanged);
    }

    public String storeId() {
        return storeId;
    }

    /** One message from {@code storefleet/stores/{id}/desired/{bundle}}; an empty payload removes the bundle. */
    public synchronized void onDesired(String topic, byte[] payload) {
        var bundle = MqttTopics.bundle(topic).orElse("");
        var current = bundles.get(bundle);
        var desired = Desired.parse(payload);
        var decision = DesiredDecider.decide(storeId, topic, desired, current);
        if (decision instanceof Decision.Ignore ignore) {
            if (desired instanceof Desired.Planned planned && held.containsKey(bundle)
                    && planned.event().deploymentId().equals(current.appliedDeploymentId())) {
                // what runs is desired again (a rollback) while a newer one waited for its dependencies: drop that one
                held.remove(bundle);
                var applied = current.appliedDeploymentId();
                update(BundleRecord.waitApplied(bundle, applied, planned.event().commit(), current).applied(runtime.readiness(bundle)));
                cache(bundle, payload);
                return;
            }
            LOG.log(System.Logger.Level.DEBUG, "{0}: {1}", storeId, ignore.why());
        } else if (decision instanceof Decision.Apply apply) {
            if (apply(bundle, apply.event(), current)) {
                cache(bundle, payload);
            }
        } else if (decision instanceof Decision.Remove) {
            remove(bundle);
            cache(bundle, null);
        } else if (decision instanceof Decision.Fail fail) {
            held.remove(bundle); // superseded by what was refused: never applied later
            var base = current != null ? current : BundleRecord.unknown(bundle);
            update(base.failed(fail.deploymentId(), fail.commit(), fail.message()));
        } else if (decision instanceof Decision.Restore restore) {
            // rebuilt from what runs: current names the deployment that failed, which must not become "applied"
            update(BundleRecord.waitApplied(bundle, restore.deploymentId(), restore.commit(), current)
                    .applied(runtime.readiness(bundle)));
            cache(bundle, payload); // what a restart re-applies is what is desired now, not the deployment that failed
        }
    }

    /** @return whether the deployment was accepted and handed to the runtime */
    private boolean apply(String bundle, BundleDeploymentPlanned event, BundleRecord current) {
        held.remove(bundle); // a newer message supersedes what waited, even when it is refused below
        var refusal = verifier == null ? java.util.Optional.<DeploymentVerifier.Refusal>empty() : verifier.check(event);
        if (refusal.isPresent()) {
            // like the decider's refusals: an untrusted deployment never touches the cluster, status keeps naming what is there
            update((current != null ? current : BundleRecord.unknown(bundle)).refused(refusal.get().message()));
            return false;
        }
        var waiting = BundleRecord.waitApplied(bundle, event.deploymentId(), event.commit(), current);
        List<KubeObject> objects;
        try {
            objects = ManifestParser.parse(event.manifestsGz(), event.options());
        } catch (ManifestParser.ManifestException e) {
            update(waiting.failed(event.deploymentId(), event.commit(), AgentFailure.ManifestInvalid.message(e.getMessage())));
            return false;
        }
        try {
            objects = openSecrets(objects);
        } catch (io.storefleet.model.SealedSecrets.SealedSecretException e) {
            update(waiting.failed(event.deploymentId(), event.commit(), AgentFailure.SecretUnreadable.message(e.getMessage())));
            return false;
        }
        var unmet = unmetDependencies(bundle, event);
        if (!unmet.isEmpty()) {
            held.put(bundle, new Held(event, objects));
            update(waiting.withMessage(waitingFor(unmet)));
            return true;
        }
        start(bundle, event, objects, waiting);
        return true;
    }

    /** Sealed values opened in memory, after the signature check; the plaintext exists only in what goes to the cluster. */
    private List<KubeObject> openSecrets(List<KubeObject> objects) {
        if (objects.stream().noneMatch(o -> io.storefleet.model.SealedSecrets.containsSealed(o.body()))) {
            return objects;
        }
        if (secretsKey == null) {
            throw new io.storefleet.model.SealedSecrets.SealedSecretException("sealed values but no fleet secrets key on this agent", null);
        }
        var opened = new java.util.ArrayList<KubeObject>(objects.size());
        for (var o : objects) {
            @SuppressWarnings("unchecked")
            var body = (java.util.Map<String, Object>) io.storefleet.model.SealedSecrets.openTree(secretsKey, o.body());
            opened.add(new KubeObject(o.key(), body));
        }
        return opened;
    }

    /** Dependencies of {@code event} that are not Ready in this store, each with what it is instead. */
    private List<String> unmetDependencies(String bundle, BundleDeploymentPlanned event) {
        if (event.options() == null) {
            return List.of();
        }
        var unmet = new java.util.ArrayList<String>();
        for (var dependency : event.options().dependencies()) {
            var record = bundles.get(dependency);
            if (dependency.equals(bundle) || record != null && record.state() == BundleState.Ready) {
                continue;
            }
            unmet.add(dependency + " (" + (record == null ? "not in this store" : record.state().name()) + ")");
        }
        return unmet;
    }

    private static String waitingFor(List<String> unmet) {
        return "waiting for dependsOn to be Ready: " + String.join(", ", unmet);
    }

    /** Starts held deployments whose dependencies are all Ready now; the others say what they still wait for. */
    private void releaseHeld() {
        for (var bundle : List.copyOf(held.keySet())) {
            var waiting = held.get(bundle);
            if (waiting == null) {
                continue; // started by a nested release
            }
            var current = bundles.get(bundle);
            var unmet = unmetDependencies(bundle, waiting.event());
            if (unmet.isEmpty()) {
                held.remove(bundle);
                start(bundle, waiting.event(), waiting.objects(), BundleRecord.waitApplied(bundle, waiting.event().deploymentId(),
                        waiting.event().commit(), current));
            } else if (current != null && !waitingFor(unmet).equals(current.message())) {
                bundles.put(bundle, current.withMessage(waitingFor(unmet)));
            }
        }
    }

    private void start(String bundle, BundleDeploymentPlanned event, List<KubeObject> objects, BundleRecord waiting) {
        bundles.put(bundle, waiting);
        applyCount++;
        var correctDrift = event.options() == null || event.options().correctDrift();
        runtime.apply(bundle, event.deploymentId(), objects, correctDrift)
                .whenComplete((ok, error) -> applied(bundle, event.deploymentId(), error));
        // a runtime that applies asynchronously leaves us waiting: say so; a synchronous one already reported
        if (bundles.get(bundle) == waiting) {
            report(false);
        }
    }

    /**
     * Keeps the last accepted desired message per bundle in {@code cache} from now on; call before the transport
     * connects. See {@link #restoreFromCache()}.
     */
    public void useCache(DesiredCache cache) {
        this.cache = cache;
    }

    /**
     * Re-applies what the cache holds, e.g. after a restart without network: the runtime takes ownership again and
     * keeps correcting drift; the broker's retained messages later bring anything newer.
     *
     * @return how many bundles were restored
     */
    public synchronized int restoreFromCache() {
        if (cache == null) {
            return 0;
        }
        var cached = cache.load();
        cached.forEach((bundle, payload) -> onDesired(MqttTopics.desired(storeId, bundle), payload));
        return cached.size();
    }

    private void cache(String bundle, byte[] payload) {
        var c = cache;
        if (c == null) {
            return;
        }
        try {
            if (payload == null) {
                c.remove(bundle);
            } else {
                c.put(bundle, payload);
            }
        } catch (RuntimeException e) {
            // a full disk must not stop the store from applying: it only loses offline restarts
            LOG.log(System.Logger.Level.WARNING, "{0}: {1}", storeId, e.getMessage());
        }
    }

    private synchronized void applied(String bundle, String deploymentId, Throwable error) {
        var current = bundles.get(bundle);
        if (current == null || current.state() != BundleState.WaitApplied || !deploymentId.equals(current.deploymentId())) {
            return; // superseded by a newer desired message or removed meanwhile
        }
        if (error != null) {
            update(current.failed(deploymentId, current.commit(), AgentFailure.ApplyFailed.message(rootMessage(error))));
        } else {
            update(current.applied(runtime.readiness(bundle)));
        }
    }

    private void remove(String bundle) {
        held.remove(bundle);
        bundles.remove(bundle);
        report(false);
        runtime.remove(bundle).whenComplete((ok, error) -> {
            if (error != null) {
                removeFailed(bundle, error);
            }
        });
    }

    private synchronized void removeFailed(String bundle, Throwable error) {
        if (!bundles.containsKey(bundle)) {
            update(BundleRecord.unknown(bundle).withMessage(AgentFailure.RemoveFailed.message(rootMessage(error))));
        }
    }

    private synchronized void readinessChanged(String bundle, String deploymentId, Readiness readiness) {
        var current = bundles.get(bundle);
        if (current == null || !deploymentId.equals(current.appliedDeploymentId())) {
            return;
        }
        if (current.state() == BundleState.NotReady || current.state() == BundleState.Ready
                || current.state() == BundleState.Modified) {
            update(current.applied(readiness));
        }
    }

    private void update(BundleRecord record) {
        bundles.put(record.bundle(), record);
        if (!held.isEmpty() && !held.containsKey(record.bundle())) {
            releaseHeld();
        }
        report(false);
    }

    /** Sends the full status now, e.g. after a reconnect, even if nothing changed. */
    public synchronized void reportStatus() {
        report(true);
    }

    private void report(boolean force) {
        var statuses = bundles.values().stream().map(BundleRecord::toStatus).toList();
        if (!force && statuses.equals(lastReported)) {
            return;
        }
        lastReported = statuses;
        sink.publish(new StoreStatusReported(EventMeta.of(SOURCE, storeId), storeId, statuses));
    }

    public synchronized List<BundleStatus> bundles() {
        return bundles.values().stream().map(BundleRecord::toStatus).toList();
    }

    /** How many times this agent handed objects to the runtime. */
    public synchronized int applyCount() {
        return applyCount;
    }

    public StoreHeartbeat heartbeat() {
        var rt = Runtime.getRuntime();
        var c = cache;
        var usage = ResourceProbe.usage(c == null ? null : c::usedBytes, c == null ? null : c::freeBytes);
        return new StoreHeartbeat(EventMeta.of(SOURCE, storeId), storeId, AgentVersion.VALUE, runtime.version(),
                rt.totalMemory() - rt.freeMemory(), usage);
    }

    /** Publishes a heartbeat every {@code interval} until {@link #stop()}. */
    public synchronized void startHeartbeats(Duration interval) {
        stopHeartbeats();
        heartbeatTimer = scheduler.schedule(interval, () -> {
            sink.publish(heartbeat());
            synchronized (this) {
                if (heartbeatTimer != null) {
                    startHeartbeats(interval);
                }
            }
        });
    }

    public synchronized void stop() {
        stopHeartbeats();
    }

    private void stopHeartbeats() {
        if (heartbeatTimer != null) {
            heartbeatTimer.cancel();
            heartbeatTimer = null;
        }
    }

    private record Held(BundleDeploymentPlanned event, List<KubeObject> objects) {
    }

    private static String rootMessage(Throwable error) {
        var cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return String.valueOf(cause.getMessage());
    }
}
