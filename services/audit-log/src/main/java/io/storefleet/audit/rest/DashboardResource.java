package io.storefleet.audit.rest;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.storefleet.audit.domain.RolloutProgress;
import io.storefleet.audit.domain.StoreLabels;
import io.storefleet.audit.domain.StoreSnapshot;
import io.storefleet.audit.persistence.FleetViewQueries;
import io.storefleet.model.EventCodec;
import io.storefleet.model.RolloutEvent;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestStreamElementType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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

    /**
     * @param byCommit stores per applied commit (a store counts once per distinct commit it runs)
     * @param byRegion stores per inventory region (from storefleet.inventory.stores; stores not in it are left out)
     */
    public record DashboardSummaryJson(SummaryJson summary, Map<String, Long> byCommit, long ledgerSeq,
                                       Map<String, Long> byRegion) {
    }

    /** A grid row: the store as in /api/stores plus its inventory region and labels (null / empty when unknown). */
    public record GridStoreJson(String id, boolean online, java.time.Instant lastSeen, io.storefleet.model.BundleState state,
                                List<BundleJson> bundles, String region, Map<String, String> labels) {
        static GridStoreJson of(StoreJson s, StoreLabels inventory) {
            return new GridStoreJson(s.id(), s.online(), s.lastSeen(), s.state(), s.bundles(), inventory.region(),
                    inventory.labels());
        }
    }

    public record StorePageJson(long total, int offset, List<GridStoreJson> items) {
    }

    /**
     * @param ready    released stores that report the rollout's commit Ready for its bundle
     * @param failed   released stores with the bundle in ErrApplied
     */
    public record RolloutJson(String rolloutId, String bundle, String commit, String state, int waves, int wave,
                              String waveName, int released, int stores, long ready, long failed, String detail,
                              java.time.Instant startedAt, java.time.Instant updatedAt) {
    }

    private final FleetViewQueries queries;
    private final Pool pool;
    private volatile Snapshot snapshot;

    /** The fleet view as of ledger seq {@code seq}: it changes only with ledger rows (same transaction). */
    private record Snapshot(long seq, Uni<List<StoreSnapshot>> stores) {
    }

    public DashboardResource(FleetViewQueries queries, Pool pool) {
        this.queries = queries;
        this.pool = pool;
    }

    @GET
    @Path("/dashboard/summary")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<DashboardSummaryJson> summary() {
        return head().chain(seq -> fleet(seq).chain(stores -> inventory().map(inventory -> {
            var byCommit = new TreeMap<String, Long>();
            var byRegion = new TreeMap<String, Long>();
            for (var s : stores) {
                s.bundles().stream().map(b -> b.appliedCommit()).filter(c -> c != null).distinct()
                        .forEach(c -> byCommit.merge(c, 1L, Long::sum));
                var region = inventory.getOrDefault(s.id(), StoreLabels.UNKNOWN).region();
                if (region != null) {
                    byRegion.merge(region, 1L, Long::sum);
                }
            }
            return new DashboardSummaryJson(FleetViewMapper.summary(stores), byCommit, seq, byRegion);
        })));
    }

    /**
     * @param state  rolled-up state, or "Offline"
     * @param q      substring of the store id, a bundle name or a commit
     * @param region inventory region (case-insensitive)
     * @param label  label selector: {@code key=value[,key2=value2]} or a bare key (see {@link StoreLabels#matches})
     */
    @GET
    @Path("/dashboard/stores")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<StorePageJson> stores(@QueryParam("state") String state, @QueryParam("q") String q,
                                     @QueryParam("region") String region, @QueryParam("label") String label,
                                     @QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
        int from = offset == null ? 0 : offset;
        int n = limit == null ? 100 : limit;
        if (from < 0 || n < 1 || n > MAX_PAGE) {
            throw new BadRequestException("offset >= 0 and 1 <= limit <= " + MAX_PAGE);
        }
        return head().chain(this::fleet).chain(all -> inventory().map(inventory -> {
            var matching = all.stream().map(FleetViewMapper::toJson)
                    .map(s -> GridStoreJson.of(s, inventory.getOrDefault(s.id(), StoreLabels.UNKNOWN)))
                    .filter(s -> new StoreLabels(s.region(), s.labels()).matches(region, label))
                    .filter(s -> matches(new StoreJson(s.id(), s.online(), s.lastSeen(), s.state(), s.bundles()), state, q))
                    .toList();
            return new StorePageJson(matching.size(), from,
                    matching.subList(Math.min(from, matching.size()), Math.min(from + n, matching.size())));
        }));
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

    /** The latest rollouts (RolloutStarted / WaveStarted / WaveHalted / RolloutCompleted / RolloutControlled), newest first. */
    @GET
    @Path("/dashboard/rollouts")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<List<RolloutJson>> rollouts(@QueryParam("limit") Integer limit) {
        int n = limit == null ? 10 : limit;
        if (n < 1 || n > 100) {
            throw new BadRequestException("1 <= limit <= 100");
        }
        return pool.query(RECENT_ROLLOUT_EVENTS).execute().chain(rows -> {
            var events = new ArrayList<RolloutEvent>();
            rows.forEach(r -> {
                if (EventCodec.decode(r.getString(1)) instanceof RolloutEvent e) {
                    events.add(e);
                }
            });
            var progress = RolloutProgress.fold(events);
            var shown = progress.subList(0, Math.min(n, progress.size()));
            return Multi.createFrom().iterable(shown).onItem().transformToUniAndConcatenate(p ->
                            pool.preparedQuery(ROLLOUT_STORES).execute(Tuple.of(p.bundle(), p.commit(),
                                    p.released().toArray(String[]::new)))
                                    .map(counts -> {
                                        var c = counts.iterator().next();
                                        return new RolloutJson(p.rolloutId(), p.bundle(), p.commit(), p.state(), p.waves(),
                                                p.wave(), p.waveName(), p.released().size(), p.stores(), c.getLong(0),
                                                c.getLong(1), p.detail(), p.startedAt(), p.updatedAt());
                                    }))
                    .collect().asList();
        });
    }

    // One index range per type (ledger_type_seq_idx), newest first; the fold wants them in seq order.
    private static final String RECENT_ROLLOUT_EVENTS = """
            SELECT seq, payload FROM (
                (SELECT seq, payload::text FROM ledger WHERE type = 'RolloutStarted' ORDER BY seq DESC LIMIT 200)
                UNION ALL (SELECT seq, payload::text FROM ledger WHERE type = 'WaveStarted' ORDER BY seq DESC LIMIT 1000)
                UNION ALL (SELECT seq, payload::text FROM ledger WHERE type = 'WaveHalted' ORDER BY seq DESC LIMIT 200)
                UNION ALL (SELECT seq, payload::text FROM ledger WHERE type = 'RolloutCompleted' ORDER BY seq DESC LIMIT 200)
                UNION ALL (SELECT seq, payload::text FROM ledger WHERE type = 'RolloutControlled' ORDER BY seq DESC LIMIT 200)
            ) e ORDER BY seq""";

    private static final String ROLLOUT_STORES = """
            SELECT count(*) FILTER (WHERE applied_commit = $2 AND state = 'Ready'),
                   count(*) FILTER (WHERE state = 'ErrApplied')
            FROM store_bundle_view WHERE bundle = $1 AND store_id = ANY($3)""";

    /**
     * All stores with their bundles, loaded once per ledger seq: the summary, the grid page and every open dashboard
     * refresh on the same SSE tick, and with 10,000 stores that load is the expensive part.
     */
    private Uni<List<StoreSnapshot>> fleet(long seq) {
        var current = snapshot;
        if (current == null || current.seq() != seq) {
            current = new Snapshot(seq, queries.stores(null, 0)
                    .onFailure().invoke(f -> snapshot = null) // a failed load is not kept
                    .memoize().indefinitely());
            snapshot = current;
        }
        return current.stores();
    }

    /** store id → region and labels, from the streamed inventory (deleted stores left out). */
    private Uni<Map<String, StoreLabels>> inventory() {
        return pool.query("SELECT store_id, region, labels::text FROM store_inventory WHERE NOT deleted").execute()
                .map(rows -> {
                    var map = new HashMap<String, StoreLabels>();
                    rows.forEach(r -> map.put(r.getString(0), new StoreLabels(r.getString(1), labels(r.getString(2)))));
                    return map;
                });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> labels(String json) {
        return json == null ? Map.of() : (Map<String, String>) EventCodec.decode(json, Map.class);
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
