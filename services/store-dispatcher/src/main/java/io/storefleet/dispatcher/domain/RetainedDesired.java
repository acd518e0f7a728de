package io.storefleet.dispatcher.domain;

import io.storefleet.model.EventCodec;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the broker retains on each desired topic, by the event id of the retained deployment. A deployment record
 * is redelivered to another instance (or to this one after a restart) when its offset was not committed before the
 * instance died, although its PUBACK had come; publishing it again would hand the store the same deployment twice.
 * The broker's retained message is the one record of what was really published, so a write whose event is already
 * retained there is skipped. When unsure (topic unseen, payload unreadable) the write goes out: a store may then get
 * a repeat, which its agent ignores by deployment id, but never misses a deployment.
 */
public final class RetainedDesired {
    private static final String CLEARED = "";

    private final Map<String, String> retainedEventIds = new ConcurrentHashMap<>();

    /** A message seen on a desired topic (retained replay or live): empty payload = the topic was cleared. */
    public void observe(String topic, byte[] payload) {
        if (payload == null || payload.length == 0) {
            retainedEventIds.put(topic, CLEARED);
            return;
        }
        try {
            retainedEventIds.put(topic, EventCodec.decode(payload).id());
        } catch (RuntimeException e) {
            // unreadable (another writer, a newer schema): forget, so the next write is not skipped on a guess
            retainedEventIds.remove(topic);
        }
    }

    /** True when the broker already retains exactly what {@code write} would put there. */
    public boolean alreadyRetained(DesiredWrite write) {
        if (write instanceof DesiredWrite.Publish publish) {
            return publish.eventId() != null && publish.eventId().equals(retainedEventIds.get(publish.topic()));
        }
        if (write instanceof DesiredWrite.Clear clear) {
            // only a clear seen on the topic counts: an unseen topic may still hold something
            return CLEARED.equals(retainedEventIds.get(clear.topic()));
        }
        return false;
    }

    public int size() {
        return retainedEventIds.size();
    }
}
