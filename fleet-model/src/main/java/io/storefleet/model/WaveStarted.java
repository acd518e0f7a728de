package io.storefleet.model;

import java.util.List;

/** The previous wave was Ready for its bake time (or this is the first): this wave's stores get the deployment. */
public record WaveStarted(EventMeta meta, String rolloutId, String repo, String commit, String bundle, int wave,
                          String name, List<String> stores) implements RolloutEvent {
    public WaveStarted {
        stores = List.copyOf(stores);
    }
}
