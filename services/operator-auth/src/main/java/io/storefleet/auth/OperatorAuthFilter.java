package io.storefleet.auth;

import io.storefleet.model.auth.AccessDecision;
import io.storefleet.model.auth.OperatorTokens;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Every {@code /api/} request of the service that has this jar needs an operator token of the role the request needs
 * (fleet-model {@code OperatorTokens}: reading viewer, rollout control operator, enrolment admin). The dashboard's
 * EventSource cannot set headers, so a GET may carry the token as {@code access_token} instead. Without
 * {@code storefleet.auth.tokens-file} (a service started on its own, its tests) the API is open, said once at boot.
 */
public class OperatorAuthFilter {
    private static final Logger LOG = Logger.getLogger(OperatorAuthFilter.class);
    private final Optional<OperatorTokens> tokens;

    public OperatorAuthFilter(@ConfigProperty(name = "storefleet.auth.tokens-file") Optional<String> tokensFile) {
        this.tokens = tokensFile.map(file -> {
            try {
                return OperatorTokens.read(Path.of(file));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read storefleet.auth.tokens-file " + file, e);
            }
        });
        if (tokens.isEmpty()) {
            LOG.warn("storefleet.auth.tokens-file is not set: the API answers without operator tokens");
        }
    }

    @ServerRequestFilter(preMatching = true)
    public Response check(ContainerRequestContext request) {
        var path = request.getUriInfo().getPath();
        if (tokens.isEmpty() || !path.startsWith("/api/")) {
            return null;
        }
        var method = request.getMethod();
        var header = request.getHeaderString(OperatorTokens.HEADER);
        if (header == null && "GET".equals(method)) {
            var query = request.getUriInfo().getQueryParameters().getFirst("access_token");
            header = query == null ? null : "Bearer " + query;
        }
        var decision = tokens.get().decide(header, OperatorTokens.required(method, path));
        if (decision instanceof AccessDecision.Allowed allowed) {
            request.setProperty(OperatorTokens.REQUEST_PROPERTY, allowed.operator());
            return null;
        }
        if (decision instanceof AccessDecision.Forbidden forbidden) {
            return Response.status(Response.Status.FORBIDDEN).type(MediaType.APPLICATION_JSON)
                    .entity(Map.of("error", forbidden.operator().actor() + " is " + forbidden.operator().role() + "; this needs " + forbidden.needed()))
                    .build();
        }
        return Response.status(Response.Status.UNAUTHORIZED).header("WWW-Authenticate", "Bearer").type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", ((AccessDecision.Unauthenticated) decision).reason())).build();
    }
}
