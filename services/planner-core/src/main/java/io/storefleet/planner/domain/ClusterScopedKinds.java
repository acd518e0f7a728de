package io.storefleet.planner.domain;

import java.util.Set;

/**
 * Kinds that live outside any namespace, so namespace options never touch them. Without API discovery the planner
 * cannot know the scope of custom kinds: anything not listed is treated as namespaced, as Fleet does offline.
 */
public final class ClusterScopedKinds {
    private static final Set<String> KINDS = Set.of(
            "Namespace", "Node", "PersistentVolume", "StorageClass", "CSIDriver", "CSINode", "VolumeAttachment",
            "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "APIService", "PriorityClass",
            "RuntimeClass", "IngressClass", "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration",
            "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding", "MutatingAdmissionPolicy",
            "MutatingAdmissionPolicyBinding", "CertificateSigningRequest", "FlowSchema", "PriorityLevelConfiguration",
            "PodSecurityPolicy", "ComponentStatus", "ClusterIssuer");

    public static boolean isClusterScoped(String kind) {
        return KINDS.contains(kind);
    }

    private ClusterScopedKinds() {
    }
}
