package io.storefleet.gitwatcher.rest;

import io.storefleet.gitwatcher.domain.CheckResult;
import io.storefleet.gitwatcher.domain.RepoRef;
import io.storefleet.gitwatcher.domain.WebhookAuth;
import io.storefleet.gitwatcher.domain.WebhookVerdict;
import io.storefleet.gitwatcher.persistence.WebhookDeliveries;
import io.storefleet.gitwatcher.service.HeadWatcher;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Push notifications from a git server: check now instead of at the next poll. Every request must carry the repo's
 * secret (GitHub {@code X-Hub-Signature-256} over the body, or GitLab {@code X-Gitlab-Token}); anything else is
 * 401, recorded in {@code webhook_deliveries}, and fetches nothing. A delivery id seen before is ignored. The body is
 * never trusted beyond that: a webhook only says "look at Git now"; what gets planned is what Git holds.
 */
@Path("/webhooks/git")
public class WebhookResource {
    private static final Logger LOG = Logger.getLogger(WebhookResource.class);
    private final HeadWatcher watcher;
    private final WebhookSecrets secrets;
    private final WebhookDeliveries deliveries;

    public WebhookResource(HeadWatcher watcher, WebhookSecrets secrets, WebhookDeliveries deliveries) {
        this.watcher = watcher;
        this.secrets = secrets;
        this.deliveries = deliveries;
    }

    /** Runs on a worker thread (non-reactive return type): the check fetches and waits for Kafka. */
    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response push(@QueryParam("repo") String repo,
                         @HeaderParam(WebhookAuth.GITHUB_SIGNATURE) String githubSignature,
                         @HeaderParam(WebhookAuth.GITLAB_TOKEN) String gitlabToken,
                         @HeaderParam(WebhookAuth.GITHUB_DELIVERY) String githubDelivery,
                         @HeaderParam(WebhookAuth.GITLAB_DELIVERY) String gitlabDelivery,
                         @Context HttpServerRequest request,
                         byte[] body) {
        var payload = body == null ? new byte[0] : body;
        var deliveryId = githubDelivery != null ? githubDelivery : gitlabDelivery;
        var remote = request == null || request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        List<RepoRef> candidates;
        if (repo == null || repo.isBlank()) {
            candidates = watcher.repos();
        } else {
            var ref = watcher.repo(repo);
            if (ref.isEmpty()) {
                return Response.status(Response.Status.NOT_FOUND).entity(Map.of("error", "unknown repo " + repo)).build();
            }
            candidates = List.of(ref.get());
        }
        // without ?repo= a request checks the repos whose secret it carries
        var accepted = new ArrayList<RepoRef>();
        var refusal = WebhookVerdict.Unsigned;
        for (var ref : candidates) {
            var verdict = WebhookAuth.verify(secrets.of(ref.id()), secrets.allowUnsigned(), payload, githubSignature, gitlabToken);
            if (verdict.accepted()) {
                accepted.add(ref);
            } else if (verdict == WebhookVerdict.SignatureMismatch) {
                refusal = verdict;
            }
        }
        if (accepted.isEmpty()) {
            deliveries.record(deliveryId, repo, refusal.name(), remote);
            LOG.warnf("webhook refused (%s) for repo %s from %s, delivery %s", refusal, repo == null ? "(all)" : repo, remote, deliveryId);
            return Response.status(Response.Status.UNAUTHORIZED).entity(Map.of("error", "webhook refused: " + refusal)).build();
        }
        var repoKey = accepted.size() == 1 ? accepted.get(0).id() : repo;
        if (deliveryId != null && !deliveries.acceptOnce(deliveryId, repoKey, remote)) {
            return Response.ok(Map.of("ignored", "replayed delivery " + deliveryId)).build();
        }
        if (deliveryId == null) {
            deliveries.record(null, repoKey, WebhookDeliveries.ACCEPTED, remote);
        }
        var results = new ArrayList<CheckResult>();
        accepted.forEach(ref -> results.add(watcher.check(ref)));
        return Response.accepted(WebhookResponse.of(results)).build();
    }
}
