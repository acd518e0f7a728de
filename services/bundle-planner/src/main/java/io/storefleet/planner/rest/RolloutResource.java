package io.storefleet.planner.rest;

import io.smallrye.common.annotation.Blocking;
import io.storefleet.planner.rollout.RolloutService;
import io.storefleet.planner.rollout.RolloutView;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import io.storefleet.model.auth.Operator;
import io.storefleet.model.auth.OperatorTokens;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Map;

/** Rollout status and control for {@code ./storefleet rollout status|pause|resume|abort}. */
@Path("/api/rollouts")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class RolloutResource {
    private final RolloutService rollouts;

    public RolloutResource(RolloutService rollouts) {
        this.rollouts = rollouts;
    }

    @GET
    public List<RolloutView> recent(@QueryParam("limit") @DefaultValue("20") int limit) {
        return rollouts.recent(Math.max(1, Math.min(limit, 500)));
    }

    @GET
    @Path("{id}")
    public RolloutView get(@PathParam("id") String id) {
        return rollouts.view(id).orElseThrow(() -> new NotFoundException("no rollout " + id));
    }

    /** {@code action}: pause, resume or abort; 409 when the rollout's state does not allow it. */
    @POST
    @Path("{id}/{action}")
    public Response control(@PathParam("id") String id, @PathParam("action") String action, @Context ContainerRequestContext request) {
        // the operator the token belongs to (operator-auth's OperatorAuthFilter); none when the API runs without tokens
        var operator = request.getProperty(OperatorTokens.REQUEST_PROPERTY) instanceof Operator o ? o.actor() : "operator";
        try {
            return rollouts.control(id, action, operator).map(v -> Response.ok(v).build())
                    .orElseGet(() -> Response.status(404).entity(Map.of("error", "no rollout " + id)).build());
        } catch (IllegalStateException e) {
            return Response.status(409).entity(Map.of("error", e.getMessage())).build();
        } catch (IllegalArgumentException e) {
            return Response.status(400).entity(Map.of("error", e.getMessage())).build();
        }
    }
}
