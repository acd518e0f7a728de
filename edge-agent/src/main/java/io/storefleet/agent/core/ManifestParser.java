package io.storefleet.agent.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.storefleet.model.DeploymentOptions;
import io.storefleet.model.ManifestCodec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Packed manifests → Kubernetes objects with their namespaces resolved, or a {@link ManifestException}. */
public final class ManifestParser {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Kinds without a namespace; a forced or default namespace must not be put on them. */
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "Node", "PersistentVolume",
            "StorageClass", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "PriorityClass",
            "IngressClass", "RuntimeClass", "APIService", "ValidatingWebhookConfiguration",
            "MutatingWebhookConfiguration");

    @SuppressWarnings("unchecked")
    public static List<KubeObject> parse(String manifestsGz, DeploymentOptions options) {
        String yaml;
        try {
            yaml = ManifestCodec.unpack(manifestsGz);
        } catch (RuntimeException e) {
            throw new ManifestException(e.getMessage());
        }
        var opts = options == null ? DeploymentOptions.DEFAULTS : options;
        var objects = new ArrayList<KubeObject>();
        var seen = new HashSet<ObjectKey>();
        try (var docs = YAML.readerFor(Object.class).readValues(yaml)) {
            int index = 0;
            while (docs.hasNextValue()) {
                var doc = docs.nextValue();
                index++;
                if (doc == null) {
                    continue; // an empty document, e.g. after a trailing ---
                }
                if (!(doc instanceof Map<?, ?> map)) {
                    throw new ManifestException("document " + index + " is not a YAML mapping");
                }
                var object = toObject((Map<String, Object>) map, index, opts);
                if (!seen.add(object.key())) {
                    throw new ManifestException("document " + index + ": duplicate " + object.key());
                }
                objects.add(object);
            }
        } catch (JsonProcessingException e) {
            throw new ManifestException("not valid YAML: " + e.getOriginalMessage());
        } catch (IOException | RuntimeException e) {
            if (e instanceof ManifestException m) {
                throw m;
            }
            throw new ManifestException("not valid YAML: " + e.getMessage());
        }
        return List.copyOf(objects);
    }

    @SuppressWarnings("unchecked")
    private static KubeObject toObject(Map<String, Object> doc, int index, DeploymentOptions opts) {
        var apiVersion = text(doc.get("apiVersion"));
        var kind = text(doc.get("kind"));
        if (!(doc.get("metadata") instanceof Map<?, ?> meta) || apiVersion == null || kind == null
                || text(meta.get("name")) == null) {
            throw new ManifestException("document " + index + " is not a Kubernetes object (apiVersion, kind, metadata.name)");
        }
        var metadata = new LinkedHashMap<>((Map<String, Object>) meta);
        var namespace = "";
        if (!CLUSTER_SCOPED.contains(kind)) {
            namespace = opts.namespace() != null ? opts.namespace()
                    : text(metadata.get("namespace")) != null ? text(metadata.get("namespace"))
                    : opts.defaultNamespace() != null ? opts.defaultNamespace() : "default";
            metadata.put("namespace", namespace);
        }
        var body = new LinkedHashMap<>(doc);
        body.put("metadata", metadata);
        return new KubeObject(new ObjectKey(apiVersion, kind, namespace, text(metadata.get("name"))), body);
    }

    private static String text(Object value) {
        return value instanceof String s && !s.isBlank() ? s : null;
    }

    /** Manifests that cannot be applied; the message is the reason shown in status. */
    public static final class ManifestException extends RuntimeException {
        public ManifestException(String reason) {
            super(reason);
        }
    }

    private ManifestParser() {
    }
}
