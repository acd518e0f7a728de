-- One notification per offline episode: the episode is identified by the store's last_seen when it was reported.
CREATE TABLE offline_notified (
    store_id  text PRIMARY KEY,
    last_seen timestamptz
);
GRANT SELECT, INSERT, UPDATE ON offline_notified TO storefleet_audit_app;
