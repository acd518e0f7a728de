package io.storefleet.agent.core;

import io.storefleet.model.BundleDeploymentPlanned;
import io.storefleet.model.EventCodec;

/** A desired-state MQTT payload, parsed once so the decision logic stays pure. */
public sealed interface Desired {

    /** The empty retained message: the bundle no longer targets this store. */
    record Removed() implements Desired {
    }

    record Planned(BundleDeploymentPlanned event) implements Desired {
    }

    record Invalid(String reason) implements Desired {
    }

    static Desired parse(byte[] payload) {
        if (payload == null || payload.length == 0) {
            return new Removed();
        }
        try {
            return EventCodec.decode(payload) instanceof BundleDeploymentPlanned planned
                    ? new Planned(planned)
                    : new Invalid("not a BundleDeploymentPlanned");
        } catch (RuntimeException e) {
            // any decoding problem (bad JSON, unknown type, missing meta) is the sender's fault, not ours
            return new Invalid(String.valueOf(e.getMessage()));
        }
    }
}
