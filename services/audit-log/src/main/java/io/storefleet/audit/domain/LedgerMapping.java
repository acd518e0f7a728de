package io.storefleet.audit.domain;

import io.storefleet.model.BundleDeploymentPlanned;
import io.storefleet.model.BundleDeploymentRemoved;
import io.storefleet.model.BundleStatus;
import io.storefleet.model.CommitDetected;
import io.storefleet.model.DeploymentEvent;
import io.storefleet.model.EventCodec;
import io.storefleet.model.FleetEvent;
import io.storefleet.model.GitEvent;
import io.storefleet.model.PlanningFailed;
import io.storefleet.model.RolloutControlled;
import io.storefleet.model.RolloutEvent;
import io.storefleet.model.StoreAccessChanged;
import io.storefleet.model.StoreEvent;
import io.storefleet.model.StoreStatusReported;
import io.storefleet.model.Topics;

import java.util.List;
import java.util.Objects;

/** Event → ledger columns. Pure; every permitted event type has a branch (LedgerMappingTest checks all of them). */
public final class LedgerMapping {

    /**
     * @param topic the topic the event arrived on; null when unknown (e.g. in-memory delivery), then derived from its type
     */
    public static LedgerRow toRow(FleetEvent event, String topic) {
        var meta = event.meta();
        var base = new LedgerRow(meta.id(), event.type(), topic != null ? topic : topicOf(event), null, null, null,
                null, meta.source(), meta.source(), meta.time(), EventCodec.encode(event));
        // Java 17 has no pattern switch; the sealed hierarchy keeps this chain closed and the test keeps it complete.
        if (event instanceof CommitDetected c) {
            var actor = c.author() != null && c.author().email() != null ? c.author().email() : meta.source();
            return with(base, null, null, c.repo(), c.sha(), actor);
        }
        if (event instanceof BundleDeploymentPlanned p) {
            return with(base, p.storeId(), p.bundle(), p.repo(), p.commit(), base.actor());
        }
        if (event instanceof BundleDeploymentRemoved r) {
            return with(base, r.storeId(), r.bundle(), r.repo(), r.commit(), base.actor());
        }
        if (event instanceof StoreStatusReported s) {
            var bundles = s.bundles() == null ? List.<BundleStatus>of() : s.bundles();
            var bundle = bundles.size() == 1 ? bundles.get(0).bundle() : null;
            return with(base, s.storeId(), bundle, null, commonCommit(bundles), base.actor());
        }
        if (event instanceof io.storefleet.model.StoreMessageRefused r) {
            return with(base, r.storeId(), null, null, null, r.storeId()); // the store's own credential sent it
        }
        if (event instanceof StoreAccessChanged a) {
            return with(base, a.storeId(), null, null, null, a.actor());
        }
        if (event instanceof StoreEvent s) {
            return with(base, s.storeId(), null, null, null, base.actor());
        }
        if (event instanceof PlanningFailed f) {
            return with(base, null, f.bundle(), f.repo(), f.commit(), base.actor());
        }
        if (event instanceof RolloutControlled c) {
            return with(base, null, c.bundle(), c.repo(), c.commit(), c.actor()); // the operator who paused/resumed/aborted
        }
        if (event instanceof RolloutEvent r) {
            return with(base, null, r.bundle(), r.repo(), r.commit(), base.actor());
        }
        throw new IllegalStateException("no ledger mapping for " + event.type());
    }

    /** The topic an event type is published on (the Topics table in DESIGN.md). */
    public static String topicOf(FleetEvent event) {
        if (event instanceof GitEvent) {
            return Topics.GIT_COMMITS;
        }
        if (event instanceof DeploymentEvent) {
            return Topics.BUNDLE_DEPLOYMENTS;
        }
        if (event instanceof StoreEvent) {
            return Topics.STORE_STATUS;
        }
        if (event instanceof RolloutEvent) {
            return Topics.ROLLOUT_EVENTS;
        }
        throw new IllegalStateException("no topic for " + event.type());
    }

    /** A status report relates to a commit only when all its bundles run that commit. */
    static String commonCommit(List<BundleStatus> bundles) {
        var commits = bundles.stream().map(BundleStatus::commit).distinct().toList();
        return commits.size() == 1 ? commits.get(0) : null;
    }

    private static LedgerRow with(LedgerRow r, String storeId, String bundle, String repo, String commit, String actor) {
        return new LedgerRow(r.eventId(), r.type(), r.topic(), storeId, bundle, repo, commit,
                Objects.requireNonNullElse(actor, r.source()), r.source(), r.eventTime(), r.payload());
    }

    private LedgerMapping() {
    }
}
