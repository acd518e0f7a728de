package io.storefleet.audit.rest;

import io.smallrye.mutiny.Uni;
import io.storefleet.audit.config.AuditLogConfig;
import io.storefleet.audit.persistence.LedgerFilter;
import io.storefleet.audit.persistence.LedgerQueries;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** The ledger, read in seq order; for tests, the CLI and incremental readers ({@code afterSeq}). */
@Path("/api/events")
@Produces(MediaType.APPLICATION_JSON)
public class EventResource {

    private final LedgerQueries ledger;
    private final AuditLogConfig config;

    public EventResource(LedgerQueries ledger, AuditLogConfig config) {
        this.ledger = ledger;
        this.config = config;
    }

    @GET
    public Uni<List<LedgerEventJson>> events(@QueryParam("type") String type, @QueryParam("store") String store,
                                             @QueryParam("commit") String commit,
                                             @QueryParam("afterSeq") Long afterSeq,
                                             @QueryParam("limit") Integer limit) {
        if (limit != null && limit < 1) {
            throw new BadRequestException("limit must be positive");
        }
        var effective = Math.min(limit == null ? config.eventsDefaultLimit() : limit, config.eventsMaxLimit());
        return ledger.find(new LedgerFilter(type, store, commit, afterSeq), effective)
                .map(rows -> rows.stream().map(FleetViewMapper::toJson).toList());
    }

    @GET
    @Path("/count")
    public Uni<CountJson> count(@QueryParam("type") String type, @QueryParam("store") String store,
                                @QueryParam("commit") String commit) {
        return ledger.count(new LedgerFilter(type, store, commit, null)).map(CountJson::new);
    }
}
