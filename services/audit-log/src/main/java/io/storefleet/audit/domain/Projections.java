package io.storefleet.audit.domain;

import io.storefleet.audit.domain.ProjectionUpdate.BundleReported;
import io.storefleet.audit.domain.ProjectionUpdate.DesiredRemoved;
import io.storefleet.audit.domain.ProjectionUpdate.DesiredSet;
import io.storefleet.audit.domain.ProjectionUpdate.StoreConnectivity;
import io.storefleet.audit.domain.ProjectionUpdate.StoreSeen;
import io.storefleet.model.BundleDeploymentPlanned;
import io.storefleet.model.BundleDeploymentRemoved;
import io.storefleet.model.CommitDetected;
import io.storefleet.model.FleetEvent;
import io.storefleet.model.StoreHeartbeat;
import io.storefleet.model.StoreOffline;
import io.storefleet.model.StoreOnline;
import io.storefleet.model.StoreStatusReported;

import java.util.ArrayList;
import java.util.List;

/** Event → changes to the current-fleet view. Pure; applied only when the event was new to the ledger. */
public final class Projections {

    public static List<ProjectionUpdate> of(FleetEvent event) {
        var at = event.meta().time();
        if (event instanceof BundleDeploymentPlanned p) {
            return List.of(new DesiredSet(p.storeId(), p.bundle(), p.deploymentId(), p.commit(), at));
        }
        if (event instanceof BundleDeploymentRemoved r) {
            return List.of(new DesiredRemoved(r.storeId(), r.bundle()));
        }
        if (event instanceof StoreStatusReported s) {
            var updates = new ArrayList<ProjectionUpdate>();
            updates.add(new StoreSeen(s.storeId(), at));
            if (s.bundles() != null) {
                s.bundles().forEach(b -> updates.add(new BundleReported(s.storeId(), b.bundle(), b.deploymentId(),
                        b.commit(), b.state(), b.message(), at)));
            }
            return List.copyOf(updates);
        }
        if (event instanceof StoreHeartbeat h) {
            return List.of(new StoreSeen(h.storeId(), at));
        }
        if (event instanceof StoreOnline o) {
            return List.of(new StoreConnectivity(o.storeId(), true, at));
        }
        if (event instanceof StoreOffline o) {
            return List.of(new StoreConnectivity(o.storeId(), false, at));
        }
        if (event instanceof CommitDetected || event instanceof io.storefleet.model.RolloutEvent
                || event instanceof io.storefleet.model.StoreAccessChanged || event instanceof io.storefleet.model.StoreMessageRefused) {
            return List.of();
        }
        throw new IllegalStateException("no projection rule for " + event.type());
    }

    private Projections() {
    }
}
