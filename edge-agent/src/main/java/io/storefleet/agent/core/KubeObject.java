package io.storefleet.agent.core;

import java.util.Map;

/** One rendered manifest document, with namespace defaults already applied to {@code body}. */
public record KubeObject(ObjectKey key, Map<String, Object> body) {
}
