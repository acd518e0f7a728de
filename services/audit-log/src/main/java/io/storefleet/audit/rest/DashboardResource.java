package io.storefleet.audit.rest;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.storefleet.audit.persistence.FleetViewQueries;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestStreamElementType;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the dashboard (META-INF/resources/dashboard) reads: a summary with versions, a filtered page of the store grid
 * (the page never holds more than {@code limit} of the fleet's stores), and an SSE stream that says when the ledger moved.
 */
@Path("/api")
public class DashboardResource {
    static final int MAX_PAGE = 500;

    /** @param byCommit stores per applied commit (a store counts once per distinct commit it runs) */
    public record DashboardSummaryJson(SummaryJson summary, Map<String, Long> byCommit, long ledgerSeq) {
    }

    public record StorePageJson(long total, int offset, List<StoreJson> items) {
    }

    private final FleetViewQueries queries;
    private final Pool pool;

    public DashboardResource(FleetViewQueries queries, Pool pool) {
        this.queries = queries;
        this.pool = pool;
    }

    @GET
    @Path("/dashboard/summary")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<DashboardSummaryJson> summary() {
        return queries.stores(null, 0).chain(stores -> head().map(seq -> {
            var byCommit = new TreeMap<String, Long>();
            for (var s : stores) {
                s.bundles().stream().map(b -> b.appliedCommit()).filter(c -> c != null).distinct()
                        .forEach(c -> byCommit.merge(c, 1L, Long::sum));
            }
            return new DashboardSummaryJson(FleetViewMapper.summary(stores), byCommit, seq);
        }));
    }

    /**
     * @param state  rolled-up state, or "Offline"
     * @param q      substring of the store id, a bundle name or a commit
     */
    @GET
    @Path("/dashboard/stores")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<StorePageJson> stores(@QueryParam("state") String state, @QueryParam("q") String q,
                                     @QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
        int from = offset == null ? 0 : offset;
        int n = limit == null ? 100 : limit;
        if (from < 0 || n < 1 || n > MAX_PAGE) {
            throw new BadRequestException("offset >= 0 and 1 <= limit <= " + MAX_PAGE);
        }
        return queries.stores(null, 0).map(all -> {
            var matching = all.stream().map(FleetViewMapper::toJson).filter(s -> matches(s, state, q)).toList();
            return new StorePageJson(matching.size(), from,
                    matching.subList(Math.min(from, matching.size()), Math.min(from + n, matching.size())));
        });
    }

    static boolean matches(StoreJson s, String state, String q) {
        if (state != null && !state.isBlank()) {
            if (state.equals("Offline") ? s.online() : !state.equals(String.valueOf(s.state()))) {
                return false;
            }
        }
        if (q == null || q.isBlank()) {
            return true;
        }
        var needle = q.toLowerCase();
        return s.id().toLowerCase().contains(needle) || s.bundles().stream().anyMatch(b ->
                b.bundle().toLowerCase().contains(needle)
                        || (b.appliedCommit() != null && b.appliedCommit().startsWith(needle))
                        || (b.desiredCommit() != null && b.desiredCommit().startsWith(needle)));
    }

    /** Server-sent events: {"seq":N} whenever the ledger's head moved (checked every second), for live refresh. */
    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<Map<String, Long>> stream() {
        var last = new AtomicLong(-1);
        return Multi.createFrom().ticks().every(Duration.ofSeconds(1))
                .onItem().transformToUniAndConcatenate(tick -> head())
                .filter(seq -> last.getAndSet(seq) != seq)
                .map(seq -> Map.of("seq", seq));
    }

    private Uni<Long> head() {
        return pool.query("SELECT seq FROM ledger_head WHERE id = 1").execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }
}
