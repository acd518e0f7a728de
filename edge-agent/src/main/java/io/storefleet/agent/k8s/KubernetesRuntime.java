package io.storefleet.agent.k8s;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.storefleet.agent.core.ClusterRuntime;
import io.storefleet.agent.core.KubeObject;
import io.storefleet.agent.core.ObjectKey;
import io.storefleet.agent.core.Readiness;
import io.storefleet.agent.k8s.domain.DriftDiff;
import io.storefleet.agent.k8s.domain.ObjectReadiness;
import io.storefleet.agent.k8s.domain.ThreeWayMerge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * The store's K3s through fabric8. Every cluster call runs on one thread of its own (serialising applies, prunes,
 * drift checks and corrections per store). Apply = create, or a three-way JSON merge patch against a
 * {@value #LAST_APPLIED} annotation (the CRUD mock that stands in for K3s in tests has no server-side apply).
 * Informers on the owned kinds (label {@value #MANAGED_BY}={@value #STOREFLEET}) re-check a bundle on every change:
 * changes by others are reported as {@code Modified} and, with correctDrift, reverted.
 */
public final class KubernetesRuntime implements ClusterRuntime, AutoCloseable {
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String STOREFLEET = "storefleet";
    public static final String BUNDLE = "storefleet.io/bundle";
    public static final String DEPLOYMENT_ID = "storefleet.io/deployment-id";
    public static final String LAST_APPLIED = "storefleet.io/last-applied";
    /** Per-object comparePatches: comma-separated JSON pointers that are neither drift nor reverted. */
    public static final String IGNORE_DRIFT = io.storefleet.model.ObjectAnnotations.IGNORE_DRIFT;
    /** Corrections of one bundle in a row before the agent stops fighting (e.g. a field the server rewrites). */
    static final int MAX_CORRECTIONS = 10;

    private static final System.Logger LOG = System.getLogger(KubernetesRuntime.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final KubernetesClient client;
    private final ExecutorService worker;
    private final Map<String, Deployed> bundles = new ConcurrentHashMap<>();
    private final Map<String, Readiness> lastReadiness = new ConcurrentHashMap<>();
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    private final Map<String, SharedIndexInformer<GenericKubernetesResource>> informers = new ConcurrentHashMap<>();
    private volatile ReadinessListener listener = (bundle, deploymentId, readiness) -> { };
    private volatile String version;

    public KubernetesRuntime(KubernetesClient client) {
        this.client = client;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            var thread = new Thread(r, "storefleet-k8s");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public CompletionStage<Void> apply(String bundle, String deploymentId, List<KubeObject> objects) {
        return apply(bundle, deploymentId, objects, true);
    }

    @Override
    public CompletionStage<Void> apply(String bundle, String deploymentId, List<KubeObject> objects, boolean correctDrift) {
        return CompletableFuture.runAsync(() -> applyNow(bundle, deploymentId, objects, correctDrift), worker);
    }

    private void applyNow(String bundle, String deploymentId, List<KubeObject> objects, boolean correctDrift) {
        var previous = bundles.get(bundle);
        var owned = new LinkedHashMap<ObjectKey, Map<String, Object>>();
        objects.forEach(o -> owned.put(o.key(), owned(o, bundle, deploymentId)));
        // known before the first write, so the informer events of our own writes are checked against it
        var deployed = new Deployed(deploymentId, owned, correctDrift);
        var stale = previous == null ? ownedInCluster(bundle, owned.keySet()).stream().filter(k -> !owned.containsKey(k)).toList()
                : previous.objects.keySet().stream().filter(k -> !owned.containsKey(k)).toList();
        try {
            for (var entry : owned.entrySet()) {
                watch(entry.getKey());
                applyObject(bundle, entry.getKey(), entry.getValue());
            }
        } catch (RuntimeException e) {
            // keep what we may have written so far, and the old objects, known for a later prune
            var union = new LinkedHashMap<>(previous == null ? Map.of() : previous.objects);
            union.putAll(owned);
            bundles.put(bundle, new Deployed(deploymentId, union, correctDrift));
            throw e;
        }
        bundles.put(bundle, deployed);
        for (var key : stale) {
            deleteOwned(bundle, key);
        }
        evaluate(bundle, false);
    }

    /**
     * After a restart without cache the agent does not know the previous deployment: the bundle's objects of the
     * kinds it applies now are found by label instead (objects of kinds it no longer applies stay; see README).
     */
    private List<ObjectKey> ownedInCluster(String bundle, Set<ObjectKey> keys) {
        var found = new ArrayList<ObjectKey>();
        keys.stream().map(k -> k.apiVersion() + "\n" + k.kind()).distinct().forEach(type -> {
            var parts = type.split("\n");
            for (var item : client.genericKubernetesResources(parts[0], parts[1]).inAnyNamespace()
                    .withLabel(MANAGED_BY, STOREFLEET).withLabel(BUNDLE, bundle).list().getItems()) {
                var meta = item.getMetadata();
                found.add(new ObjectKey(parts[0], parts[1], meta.getNamespace() == null ? "" : meta.getNamespace(), meta.getName()));
            }
        });
        return found;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> owned(KubeObject object, String bundle, String deploymentId) {
        var body = new LinkedHashMap<>(object.body());
        var metadata = new LinkedHashMap<>((Map<String, Object>) body.get("metadata"));
        var labels = new LinkedHashMap<String, Object>(metadata.get("labels") instanceof Map<?, ?> l ? (Map<String, Object>) l : Map.of());
        labels.put(MANAGED_BY, STOREFLEET);
        labels.put(BUNDLE, bundle);
        var annotations = new LinkedHashMap<String, Object>(metadata.get("annotations") instanceof Map<?, ?> a
                ? (Map<String, Object>) a : Map.of());
        annotations.put(DEPLOYMENT_ID, deploymentId);
        metadata.put("labels", labels);
        metadata.put("annotations", annotations);
        body.put("metadata", metadata);
        return body;
    }

    /** Create, or three-way merge onto what is there; refuses objects storefleet's bundle does not own. */
    private void applyObject(String bundle, ObjectKey key, Map<String, Object> desired) {
        if (!key.namespace().isEmpty()) {
            ensureNamespace(key.namespace());
        }
        var resource = resource(key);
        var live = resource.get();
        var withLastApplied = withLastApplied(desired);
        if (live == null) {
            resource(key, toResource(withLastApplied)).create();
            return;
        }
        var liveMap = toMap(live);
        var owner = labels(liveMap);
        if (!STOREFLEET.equals(owner.get(MANAGED_BY)) || !bundle.equals(owner.get(BUNDLE))) {
            throw new ForeignObjectException("refusing to adopt " + key + ": it exists and is not owned by bundle " + bundle
                    + (owner.get(BUNDLE) == null ? "" : " (owned by bundle " + owner.get(BUNDLE) + ")"));
        }
        var patch = ThreeWayMerge.patch(lastApplied(liveMap), withLastApplied, liveMap, ignored(desired));
        if (!patch.isEmpty()) {
            resource.patch(PatchContext.of(PatchType.JSON_MERGE), json(patch));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withLastApplied(Map<String, Object> desired) {
        var body = new LinkedHashMap<>(desired);
        var metadata = new LinkedHashMap<>((Map<String, Object>) body.get("metadata"));
        var annotations = new LinkedHashMap<>((Map<String, Object>) metadata.get("annotations"));
        annotations.put(LAST_APPLIED, json(desired));
        metadata.put("annotations", annotations);
        body.put("metadata", metadata);
        return body;
    }

    private void ensureNamespace(String namespace) {
        if (client.namespaces().withName(namespace).get() == null) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
                    .addToLabels(MANAGED_BY, STOREFLEET).endMetadata().build()).create();
        }
    }

    private void deleteOwned(String bundle, ObjectKey key) {
        var resource = resource(key);
        var live = resource.get();
        if (live != null && bundle.equals(labels(toMap(live)).get(BUNDLE))
                && STOREFLEET.equals(labels(toMap(live)).get(MANAGED_BY))) {
            resource.delete();
        }
    }

    @Override
    public CompletionStage<Void> remove(String bundle) {
        return CompletableFuture.runAsync(() -> {
            var deployed = bundles.remove(bundle);
            lastReadiness.remove(bundle);
            if (deployed != null) {
                deployed.objects.keySet().forEach(key -> deleteOwned(bundle, key));
            }
        }, worker);
    }

    @Override
    public Readiness readiness(String bundle) {
        return lastReadiness.getOrDefault(bundle, Readiness.READY);
    }

    @Override
    public void onReadinessChange(ReadinessListener listener) {
        this.listener = listener;
    }

    @Override
    public String version() {
        if (version == null) {
            try {
                var info = client.getKubernetesVersion();
                if (info == null || (info.getGitVersion() == null && info.getMajor() == null)) {
                    return "unknown";
                }
                version = info.getGitVersion() != null ? info.getGitVersion() : "v" + info.getMajor() + "." + info.getMinor();
            } catch (RuntimeException e) {
                return "unknown";
            }
        }
        return version;
    }

    /** The deployment ids this runtime has applied per bundle (for tests and diagnostics). */
    public Map<String, String> deployedIds() {
        return bundles.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().deploymentId));
    }

    // ---- drift and readiness ----

    private void watch(ObjectKey key) {
        informers.computeIfAbsent(key.apiVersion() + "/" + key.kind(), k -> {
            var handler = new ResourceEventHandler<GenericKubernetesResource>() {
                @Override
                public void onAdd(GenericKubernetesResource obj) {
                    changed(obj);
                }

                @Override
                public void onUpdate(GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
                    changed(newObj);
                }

                @Override
                public void onDelete(GenericKubernetesResource obj, boolean deletedFinalStateUnknown) {
                    changed(obj);
                }
            };
            return client.genericKubernetesResources(key.apiVersion(), key.kind()).inAnyNamespace()
                    .withLabel(MANAGED_BY, STOREFLEET).inform(handler, 0);
        });
    }

    private void changed(GenericKubernetesResource obj) {
        var labels = obj.getMetadata() == null || obj.getMetadata().getLabels() == null ? Map.<String, String>of()
                : obj.getMetadata().getLabels();
        var bundle = labels.get(BUNDLE);
        if (bundle != null && bundles.containsKey(bundle) && dirty.add(bundle)) {
            worker.execute(() -> {
                dirty.remove(bundle);
                evaluate(bundle, true);
            });
        }
    }

    /** Compares every owned object with what was applied; reports changes of readiness; corrects drift. */
    private void evaluate(String bundle, boolean mayCorrect) {
        var deployed = bundles.get(bundle);
        if (deployed == null) {
            return;
        }
        try {
            var drifted = new LinkedHashMap<ObjectKey, String>();
            var notReady = new ArrayList<String>();
            for (var entry : deployed.objects.entrySet()) {
                var live = resource(entry.getKey()).get();
                if (live == null) {
                    drifted.put(entry.getKey(), "deleted");
                    continue;
                }
                var liveMap = toMap(live);
                var diff = DriftDiff.diff(entry.getValue(), liveMap, ignored(entry.getValue()), "Secret".equals(entry.getKey().kind()));
                if (!diff.isEmpty()) {
                    drifted.put(entry.getKey(), String.join(", ", diff));
                } else {
                    ObjectReadiness.notReadyReason(liveMap).ifPresent(why -> notReady.add(entry.getKey() + " " + why));
                }
            }
            if (!drifted.isEmpty()) {
                report(bundle, deployed, Readiness.modified(drifted.entrySet().stream()
                        .map(e -> e.getKey() + ": " + e.getValue()).limit(5).collect(Collectors.joining("; "))));
                if (mayCorrect && deployed.correctDrift && deployed.corrections < MAX_CORRECTIONS) {
                    deployed.corrections++;
                    for (var key : drifted.keySet()) {
                        applyObject(bundle, key, deployed.objects.get(key));
                    }
                    evaluate(bundle, false);
                }
                return;
            }
            deployed.corrections = 0;
            report(bundle, deployed, notReady.isEmpty() ? Readiness.READY
                    : Readiness.notReady(notReady.stream().limit(3).collect(Collectors.joining("; "))));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "checking bundle {0} failed: {1}", bundle, e.getMessage());
        }
    }

    private void report(String bundle, Deployed deployed, Readiness readiness) {
        if (bundles.get(bundle) != deployed || readiness.equals(lastReadiness.put(bundle, readiness))) {
            return;
        }
        listener.readinessChanged(bundle, deployed.deploymentId, readiness);
    }

    // ---- fabric8 plumbing ----

    private Resource<GenericKubernetesResource> resource(ObjectKey key) {
        var op = client.genericKubernetesResources(key.apiVersion(), key.kind());
        return key.namespace().isEmpty() ? op.withName(key.name()) : op.inNamespace(key.namespace()).withName(key.name());
    }

    private Resource<GenericKubernetesResource> resource(ObjectKey key, GenericKubernetesResource item) {
        var op = client.genericKubernetesResources(key.apiVersion(), key.kind());
        return key.namespace().isEmpty() ? op.resource(item) : op.inNamespace(key.namespace()).resource(item);
    }

    private static GenericKubernetesResource toResource(Map<String, Object> body) {
        return JSON.convertValue(body, GenericKubernetesResource.class);
    }

    private static Map<String, Object> toMap(GenericKubernetesResource resource) {
        return JSON.convertValue(resource, MAP);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> labels(Map<String, Object> body) {
        var metadata = body.get("metadata") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.<String, Object>of();
        return metadata.get("labels") instanceof Map<?, ?> l ? (Map<String, Object>) l : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> lastApplied(Map<String, Object> live) {
        var metadata = live.get("metadata") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.<String, Object>of();
        var annotations = metadata.get("annotations") instanceof Map<?, ?> a ? (Map<String, Object>) a : Map.<String, Object>of();
        if (!(annotations.get(LAST_APPLIED) instanceof String text)) {
            return Map.of();
        }
        try {
            return JSON.readValue(text, MAP);
        } catch (JsonProcessingException e) {
            return Map.of(); // someone garbled it: fall back to a two-way merge
        }
    }

    @SuppressWarnings("unchecked")
    private static Set<String> ignored(Map<String, Object> desired) {
        var metadata = (Map<String, Object>) desired.get("metadata");
        var annotations = metadata.get("annotations") instanceof Map<?, ?> a ? (Map<String, Object>) a : Map.<String, Object>of();
        if (!(annotations.get(IGNORE_DRIFT) instanceof String list)) {
            return Set.of();
        }
        return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        informers.values().forEach(SharedIndexInformer::close);
        worker.shutdownNow();
    }

    /** An object of the same name exists and storefleet's bundle does not own it: never adopted. */
    public static final class ForeignObjectException extends RuntimeException {
        public ForeignObjectException(String message) {
            super(message);
        }
    }

    private static final class Deployed {
        final String deploymentId;
        final Map<ObjectKey, Map<String, Object>> objects;
        final boolean correctDrift;
        int corrections;

        Deployed(String deploymentId, Map<ObjectKey, Map<String, Object>> objects, boolean correctDrift) {
            this.deploymentId = deploymentId;
            this.objects = objects;
            this.correctDrift = correctDrift;
        }
    }
}
