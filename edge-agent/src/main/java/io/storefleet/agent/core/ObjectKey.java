package io.storefleet.agent.core;

/**
 * Identity of a Kubernetes object, the unit a runtime applies and prunes.
 *
 * @param namespace empty for cluster-scoped kinds
 */
public record ObjectKey(String apiVersion, String kind, String namespace, String name) {

    @Override
    public String toString() {
        return kind + " " + (namespace.isEmpty() ? name : namespace + "/" + name);
    }
}
