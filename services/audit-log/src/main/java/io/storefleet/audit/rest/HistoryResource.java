package io.storefleet.audit.rest;

import io.smallrye.mutiny.Uni;
import io.storefleet.audit.config.AuditLogConfig;
import io.storefleet.audit.persistence.HistoryQueries;
import io.storefleet.audit.persistence.LedgerEntry;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** The audit questions. Every list is a page: pass {@code next} back as {@code afterSeq} (or {@code afterStore}). */
@Path("/api/history")
@Produces(MediaType.APPLICATION_JSON)
public class HistoryResource {

    /** A page of ledger rows; {@code next} is null on the last page. */
    public record EventPage(List<LedgerEventJson> items, Long next) {
    }

    public record StorePage(List<HistoryQueries.StoreOnCommit> items, String next) {
    }

    private final HistoryQueries queries;
    private final AuditLogConfig config;

    public HistoryResource(HistoryQueries queries, AuditLogConfig config) {
        this.queries = queries;
        this.config = config;
    }

    @GET
    @Path("/stores/{store}")
    @Operation(summary = "A store's timeline: every ledger entry about it, oldest first")
    public Uni<EventPage> store(@PathParam("store") String store, @QueryParam("afterSeq") Long afterSeq,
                                @QueryParam("limit") Integer limit) {
        int n = limit(limit);
        return queries.storeTimeline(store, after(afterSeq), n).map(rows -> page(rows, n));
    }

    @GET
    @Path("/deployments")
    @Operation(summary = "Who deployed what between two times: commits (with their git author) and planned/removed bundles")
    public Uni<EventPage> deployments(@QueryParam("from") String from, @QueryParam("to") String to,
                                      @QueryParam("afterSeq") Long afterSeq, @QueryParam("limit") Integer limit) {
        int n = limit(limit);
        return queries.deployments(time("from", from), time("to", to), after(afterSeq), n).map(rows -> page(rows, n));
    }

    @GET
    @Path("/commits/{commit}/failures")
    @Operation(summary = "What failed for a commit: planning failures, halted waves, status reports with ErrApplied")
    public Uni<EventPage> failures(@PathParam("commit") String commit, @QueryParam("afterSeq") Long afterSeq,
                                   @QueryParam("limit") Integer limit) {
        int n = limit(limit);
        return queries.failures(commit, after(afterSeq), n).map(rows -> page(rows, n));
    }

    @GET
    @Path("/rollouts/{rollout}/failures")
    @Operation(summary = "What failed in a rollout (<bundle>@<sha8>): its halted waves, planning failures and ErrApplied reports of its bundle on its commit")
    public Uni<EventPage> rolloutFailures(@PathParam("rollout") String rollout, @QueryParam("afterSeq") Long afterSeq,
                                         @QueryParam("limit") Integer limit) {
        int n = limit(limit);
        return queries.rolloutFailures(rollout, after(afterSeq), n).map(rows -> page(rows, n));
    }

    @GET
    @Path("/commits/{commit}/stores")
    @Operation(summary = "Which stores run a commit now (per bundle, as last reported)")
    public Uni<StorePage> storesOnCommit(@PathParam("commit") String commit, @QueryParam("afterStore") String afterStore,
                                         @QueryParam("limit") Integer limit) {
        int n = limit(limit);
        return queries.storesOnCommit(commit, afterStore, n)
                .map(rows -> new StorePage(rows, rows.size() < n ? null : rows.get(rows.size() - 1).storeId()));
    }

    private int limit(Integer limit) {
        if (limit != null && limit < 1) {
            throw new BadRequestException("limit must be positive");
        }
        return Math.min(limit == null ? config.eventsDefaultLimit() : limit, config.eventsMaxLimit());
    }

    private static long after(Long afterSeq) {
        return afterSeq == null ? 0 : afterSeq;
    }

    private static EventPage page(List<LedgerEntry> rows, int limit) {
        var items = rows.stream().map(FleetViewMapper::toJson).toList();
        return new EventPage(items, rows.size() < limit ? null : rows.get(rows.size() - 1).seq());
    }

    private static Instant time(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadRequestException(name + " must be an ISO-8601 instant like 2026-11-26T05:00:00Z");
        }
    }
}
