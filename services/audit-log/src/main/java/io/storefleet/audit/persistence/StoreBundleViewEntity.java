package io.storefleet.audit.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** Row of {@code store_bundle_view}; read-only here, written by {@link LedgerWriter}'s upserts. */
@Entity
@Table(name = "store_bundle_view")
@IdClass(StoreBundleViewEntity.Key.class)
public class StoreBundleViewEntity {
    @Id
    @Column(name = "store_id")
    public String storeId;

    @Id
    public String bundle;

    @Column(name = "desired_deployment_id")
    public String desiredDeploymentId;

    @Column(name = "desired_commit")
    public String desiredCommit;

    @Column(name = "applied_deployment_id")
    public String appliedDeploymentId;

    @Column(name = "applied_commit")
    public String appliedCommit;

    public String state;

    public String message;

    @Column(name = "updated_at")
    public Instant updatedAt;

    public static class Key implements Serializable {
        public String storeId;
        public String bundle;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(storeId, k.storeId) && Objects.equals(bundle, k.bundle);
        }

        @Override
        public int hashCode() {
            return Objects.hash(storeId, bundle);
        }
    }
}
