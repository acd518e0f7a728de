package io.storefleet.audit.rest;

import io.smallrye.mutiny.Uni;
import io.storefleet.audit.persistence.FleetViewQueries;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** The current fleet view: every store, its bundles, and their rolled-up state. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class StoreResource {

    private final FleetViewQueries queries;

    public StoreResource(FleetViewQueries queries) {
        this.queries = queries;
    }

    @GET
    @Path("/stores")
    public Uni<List<StoreJson>> stores(@QueryParam("limit") Integer limit, @QueryParam("offset") Integer offset) {
        if ((limit != null && limit < 0) || (offset != null && offset < 0)) {
            throw new BadRequestException("limit and offset must not be negative");
        }
        return queries.stores(limit, offset == null ? 0 : offset)
                .map(stores -> stores.stream().map(FleetViewMapper::toJson).toList());
    }

    @GET
    @Path("/stores/{id}")
    public Uni<StoreJson> store(@PathParam("id") String id) {
        return queries.store(id).map(found -> found.map(FleetViewMapper::toJson)
                .orElseThrow(() -> new NotFoundException("unknown store " + id)));
    }

    // Rolls up in Java (the one ranking lives in fleet-model); fine for 10k stores, revisit if it shows.
    @GET
    @Path("/summary")
    public Uni<SummaryJson> summary() {
        return queries.stores(null, 0).map(FleetViewMapper::summary);
    }
}
