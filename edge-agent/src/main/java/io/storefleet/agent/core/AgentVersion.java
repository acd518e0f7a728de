package io.storefleet.agent.core;

/** The agent's version as packaged (jar manifest), or {@code dev} when run from classes. */
final class AgentVersion {
    static final String VALUE = versionOf(StoreAgent.class.getPackage().getImplementationVersion());

    private static String versionOf(String implementationVersion) {
        return implementationVersion == null ? "dev" : implementationVersion;
    }

    private AgentVersion() {
    }
}
