package io.storefleet.planner.messaging;

import io.smallrye.common.annotation.Blocking;
import io.storefleet.model.EventCodec;
import io.storefleet.model.StoreStatusReported;
import io.storefleet.planner.rollout.RolloutService;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * {@code storefleet.store.status} → the rollout gates: what each store reports about a rollout's deployment id.
 * Returns normally after the write, so the offset commits after it; an unreadable record fails → DLQ.
 */
@ApplicationScoped
public class StoreStatusConsumer {
    public static final String STATUS_IN = "store-status";
    private final RolloutService rollouts;

    public StoreStatusConsumer(RolloutService rollouts) {
        this.rollouts = rollouts;
    }

    @Incoming(STATUS_IN)
    @Blocking
    public void onStatus(String payload) {
        if (payload != null && EventCodec.decode(payload) instanceof StoreStatusReported status) {
            rollouts.onStatus(status);
        }
    }
}
