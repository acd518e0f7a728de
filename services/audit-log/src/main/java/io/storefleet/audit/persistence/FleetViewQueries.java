package io.storefleet.audit.persistence;

import io.smallrye.mutiny.Uni;
import io.storefleet.audit.domain.BundleView;
import io.storefleet.audit.domain.StoreSnapshot;
import io.storefleet.model.BundleState;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Reads the current-fleet view; entities are turned into domain snapshots before they leave. */
@ApplicationScoped
public class FleetViewQueries {

    private final Mutiny.SessionFactory sessions;

    public FleetViewQueries(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    /** Stores sorted by id; {@code limit} null means all. */
    public Uni<List<StoreSnapshot>> stores(Integer limit, int offset) {
        return sessions.withSession(session -> {
            var query = session.createSelectionQuery("from StoreViewEntity order by storeId", StoreViewEntity.class)
                    .setFirstResult(offset);
            if (limit != null) {
                query.setMaxResults(limit);
            }
            return query.getResultList().chain(stores -> withBundles(session, stores));
        });
    }

    public Uni<Optional<StoreSnapshot>> store(String id) {
        return sessions.withSession(session -> session.find(StoreViewEntity.class, id)
                .chain(store -> store == null
                        ? Uni.createFrom().item(Optional.<StoreSnapshot>empty())
                        : withBundles(session, List.of(store)).map(list -> Optional.of(list.get(0)))));
    }

    private Uni<List<StoreSnapshot>> withBundles(Mutiny.Session session, List<StoreViewEntity> stores) {
        if (stores.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        var ids = stores.stream().map(s -> s.storeId).toList();
        return session.createSelectionQuery("from StoreBundleViewEntity where storeId in :ids order by storeId, bundle",
                        StoreBundleViewEntity.class)
                .setParameter("ids", ids)
                .getResultList()
                .map(rows -> {
                    Map<String, List<BundleView>> byStore = rows.stream().collect(Collectors.groupingBy(
                            r -> r.storeId, Collectors.mapping(FleetViewQueries::toView, Collectors.toList())));
                    return stores.stream()
                            .map(s -> new StoreSnapshot(s.storeId, s.online, s.lastSeen,
                                    byStore.getOrDefault(s.storeId, List.of())))
                            .toList();
                });
    }

    private static BundleView toView(StoreBundleViewEntity e) {
        return new BundleView(e.bundle, e.desiredDeploymentId, e.desiredCommit, e.appliedDeploymentId, e.appliedCommit,
                e.state == null ? null : BundleState.valueOf(e.state), e.message);
    }
}
