package io.storefleet.gitwatcher.health;

import io.storefleet.gitwatcher.service.HeadWatcher;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Down while any repo's last check failed; the data names every repo with its last check and error. */
@Readiness
@ApplicationScoped
public class RepoReadinessCheck implements HealthCheck {
    public static final String NAME = "git-repos";

    private final HeadWatcher watcher;

    public RepoReadinessCheck(HeadWatcher watcher) {
        this.watcher = watcher;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named(NAME);
        var up = true;
        for (var status : watcher.statuses()) {
            up &= status.healthy();
            String summary;
            if (status.lastCheckedAt() == null) {
                summary = "pending: not checked yet";
            } else if (status.healthy()) {
                summary = "ok: head " + status.head() + ", checked " + status.lastCheckedAt();
            } else {
                summary = "error: " + status.lastError() + " (checked " + status.lastCheckedAt()
                        + ", failing since " + status.failingSince() + ")";
            }
            response.withData(status.repo(), summary);
        }
        return response.status(up).build();
    }
}
