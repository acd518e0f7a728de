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
        return eventPage(afterSeq, limit, (after, n) -> queries.storeTimeline(store, after, n));
    }

    @GET
    @Path("/deployments")
    @Operation(summary = "Who deployed what between two times: commits (with their git author) and planned/removed bundles")
    public Uni<EventPage> deployments(@QueryParam("from") String from, @QueryParam("to") String to,
                                      @QueryParam("afterSeq") Long afterSeq, @QueryParam("limit") Integer limit) {
        var since = time("from", from);
        var until = time("to", to);
        return eventPage(afterSeq, limit, (after, n) -> queries.deployments(since, until, after, n));
    }

    @GET
    @Path("/commits/{commit}/failures")
    @Operation(summary = "What failed for a commit: planning failures, halted waves, status reports with ErrApplied")
    public Uni<EventPage> failures(@PathParam("commit") String commit, @QueryParam("afterSeq") Long afterSeq,
                                   @QueryParam("limit") Integer limit) {
        return eventPage(afterSeq, limit, (after, n) -> queries.failures(commit, after, n));
    }

    @GET
    @Path("/rollouts/{rollout}/failures")
    @Operation(summary = "What failed in a rollout (<bundle>@<sha8>): its halted waves, planning failures and ErrApplied reports of its bundle on its commit")
    public Uni<EventPage> rolloutFailures(@PathParam("rollout") String rollout, @QueryParam("afterSeq") Long afterSeq,
                                         @QueryParam("limit") Integer limit) {
        return eventPage(afterSeq, limit, (after, n) -> queries.rolloutFailures(rollout, after, n));
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

    /** One keyset page over seq of ledger rows after {@code afterSeq}. */
    @FunctionalInterface
    private interface SeqQuery {
        Uni<List<LedgerEntry>> page(long afterSeq, int limit);
    }

    /** The page parameters of every ledger-row question, checked once: afterSeq (none = from the start) and limit. */
    private Uni<EventPage> eventPage(Long afterSeq, Integer limit, SeqQuery query) {
        int n = limit(limit);
        return query.page(afterSeq == null ? 0 : afterSeq, n).map(rows -> new EventPage(
                rows.stream().map(FleetViewMapper::toJson).toList(),
                rows.size() < n ? null : rows.get(rows.size() - 1).seq()));
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
