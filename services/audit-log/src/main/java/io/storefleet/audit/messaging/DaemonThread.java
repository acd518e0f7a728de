package io.storefleet.audit.messaging;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** One named daemon thread for work that must stay off the event loop; it never holds the JVM open at shutdown. */
final class DaemonThread {
    static ExecutorService single(String name) {
        return Executors.newSingleThreadExecutor(r -> {
            var t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    private DaemonThread() {
    }
}
