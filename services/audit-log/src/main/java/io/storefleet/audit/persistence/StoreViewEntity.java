package io.storefleet.audit.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** Row of {@code store_view}; read-only here, written by {@link LedgerWriter}'s upserts. */
@Entity
@Table(name = "store_view")
public class StoreViewEntity {
    @Id
    @Column(name = "store_id")
    public String storeId;

    public boolean online;

    @Column(name = "last_seen")
    public Instant lastSeen;
}
