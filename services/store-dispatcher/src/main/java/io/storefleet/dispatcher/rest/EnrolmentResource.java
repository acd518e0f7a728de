package io.storefleet.dispatcher.rest;

import io.storefleet.dispatcher.enrolment.EnrolmentService;
import io.storefleet.model.auth.Operator;
import io.storefleet.model.auth.OperatorTokens;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Map;

/**
 * Enrolment endpoints. {@code /api/stores/{id}/enrolment} and {@code /api/stores/{id}/revoke} are operator actions
 * (admin token, checked by {@link io.storefleet.auth.OperatorAuthFilter}); {@code /enrol/{id}} is the agent's one-time exchange,
 * authenticated by the enrolment token alone.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class EnrolmentResource {
    private final EnrolmentService enrolment;

    public EnrolmentResource(EnrolmentService enrolment) {
        this.enrolment = enrolment;
    }

    public record ExchangeRequest(String token) {
    }

    @POST
    @Path("api/stores/{id}/enrolment")
    public Response issue(@PathParam("id") String storeId, @Context ContainerRequestContext request) throws Exception {
        if (!enrolment.enabled()) {
            return off();
        }
        try {
            var issued = enrolment.issue(storeId, actor(request));
            return Response.ok(Map.of("storeId", issued.storeId(), "token", issued.token(), "expires", issued.expires().toString())).build();
        } catch (IllegalArgumentException e) {
            return Response.status(400).entity(Map.of("error", e.getMessage())).build();
        }
    }

    @POST
    @Path("api/stores/{id}/revoke")
    public Response revoke(@PathParam("id") String storeId, @Context ContainerRequestContext request) throws Exception {
        if (!enrolment.enabled()) {
            return off();
        }
        try {
            var had = enrolment.revoke(storeId, actor(request));
            return Response.ok(Map.of("storeId", storeId, "revoked", had)).build();
        } catch (IllegalArgumentException e) {
            return Response.status(400).entity(Map.of("error", e.getMessage())).build();
        }
    }

    @POST
    @Path("enrol/{id}")
    public Response exchange(@PathParam("id") String storeId, ExchangeRequest body) throws Exception {
        if (!enrolment.enabled()) {
            return off();
        }
        try {
            var grant = enrolment.exchange(storeId, body == null ? null : body.token());
            return grant.<Response>map(g -> Response.ok(g).build())
                    .orElseGet(() -> Response.status(401).entity(Map.of("error", "enrolment token invalid, used or expired")).build());
        } catch (IllegalArgumentException e) {
            return Response.status(400).entity(Map.of("error", e.getMessage())).build();
        }
    }

    private static String actor(ContainerRequestContext request) {
        return request.getProperty(OperatorTokens.REQUEST_PROPERTY) instanceof Operator o ? o.actor() : "anonymous";
    }

    private static Response off() {
        return Response.status(503).entity(Map.of("error", "enrolment is not configured (storefleet.enrolment.password-file)")).build();
    }
}
