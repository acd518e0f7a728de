package io.storefleet.gitwatcher.rest;

import io.storefleet.gitwatcher.domain.CheckResult;
import io.storefleet.gitwatcher.service.HeadWatcher;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Map;

/** Push notifications from a git server: check now instead of at the next poll. Signatures: later issue. */
@Path("/webhooks/git")
public class WebhookResource {
    private final HeadWatcher watcher;

    public WebhookResource(HeadWatcher watcher) {
        this.watcher = watcher;
    }

    /** Runs on a worker thread (non-reactive return type): the check fetches and waits for Kafka. */
    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response push(@QueryParam("repo") String repo) {
        List<CheckResult> results;
        if (repo == null || repo.isBlank()) {
            results = watcher.checkAll();
        } else {
            var ref = watcher.repo(repo);
            if (ref.isEmpty()) {
                return Response.status(Response.Status.NOT_FOUND).entity(Map.of("error", "unknown repo " + repo)).build();
            }
            results = List.of(watcher.check(ref.get()));
        }
        return Response.accepted(WebhookResponse.of(results)).build();
    }
}
