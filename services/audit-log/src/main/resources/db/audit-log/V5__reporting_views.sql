-- Reporting views for Grafana (infra/grafana) and other SQL readers: they read these, never the tables, so the ledger
-- schema can change behind them. GrafanaPanelsTest runs every panel's SQL against a populated ledger.

-- Deployments per hour: planned bundle deployments and distinct commits pushed.
CREATE VIEW v_deployments_per_hour AS
SELECT date_trunc('hour', recorded_at)                                            AS hour,
       count(*) FILTER (WHERE type = 'BundleDeploymentPlanned')                   AS planned_bundles,
       count(DISTINCT commit_sha) FILTER (WHERE type = 'CommitDetected')          AS commits
FROM ledger
WHERE type IN ('BundleDeploymentPlanned', 'CommitDetected')
GROUP BY 1;

-- Time to Ready per rollout (= commit): from a store's first planned deployment of the commit to its first status
-- report on that commit with every bundle Ready.
CREATE VIEW v_time_to_ready AS
WITH planned AS (
    SELECT commit_sha, store_id, min(recorded_at) AS planned_at
    FROM ledger WHERE type = 'BundleDeploymentPlanned' AND commit_sha IS NOT NULL
    GROUP BY 1, 2),
ready AS (
    SELECT commit_sha, store_id, min(recorded_at) AS ready_at
    FROM ledger
    WHERE type = 'StoreStatusReported' AND commit_sha IS NOT NULL
      AND NOT jsonb_path_exists(payload, '$.bundles[*] ? (@.state != "Ready")')
    GROUP BY 1, 2)
SELECT p.commit_sha,
       min(p.planned_at)                                                                       AS started_at,
       count(*)                                                                                AS stores,
       count(r.ready_at)                                                                       AS ready_stores,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.ready_at - p.planned_at)) AS p50_seconds,
       max(extract(epoch FROM r.ready_at - p.planned_at))                                      AS max_seconds
FROM planned p
LEFT JOIN ready r ON r.commit_sha = p.commit_sha AND r.store_id = p.store_id AND r.ready_at >= p.planned_at
GROUP BY p.commit_sha;

-- Bundle and store state exactly as StoreRollup computes them (a desired ≠ applied deployment is WaitApplied unless
-- ErrApplied; no report yet is Pending; a store is its worst bundle, Ready without bundles).
CREATE VIEW v_bundle_state AS
SELECT store_id, bundle,
       CASE WHEN desired_deployment_id IS DISTINCT FROM applied_deployment_id
            THEN CASE WHEN state = 'ErrApplied' THEN 'ErrApplied' ELSE 'WaitApplied' END
            ELSE coalesce(state, 'Pending') END AS state
FROM store_bundle_view;

CREATE VIEW v_store_state AS
SELECT s.store_id, s.online, s.last_seen,
       coalesce((SELECT (ARRAY['ErrApplied','WaitApplied','Modified','OutOfSync','Pending','NotReady','Ready'])[
                            min(array_position(ARRAY['ErrApplied','WaitApplied','Modified','OutOfSync','Pending','NotReady','Ready'], b.state))]
                 FROM v_bundle_state b WHERE b.store_id = s.store_id), 'Ready') AS state
FROM store_view s;

-- Stores by state, an offline store counted as Offline (as `storefleet status` does).
CREATE VIEW v_stores_by_state AS
SELECT CASE WHEN online THEN state ELSE 'Offline' END AS state, count(*) AS stores
FROM v_store_state
GROUP BY 1;

-- Drift: status reports with a bundle Modified or OutOfSync, per store.
CREATE VIEW v_drift_by_store AS
SELECT store_id, count(*) AS drift_reports, max(recorded_at) AS last_drift_at
FROM ledger
WHERE type = 'StoreStatusReported'
  AND jsonb_path_exists(payload, '$.bundles[*] ? (@.state == "Modified" || @.state == "OutOfSync")')
GROUP BY store_id;

-- Failures by reason: planning failures (FailureReason), bundles in ErrApplied (agent message), stores going offline.
CREATE VIEW v_failures_by_reason AS
SELECT reason, count(*) AS failures
FROM (SELECT 'PlanningFailed: ' || coalesce(payload ->> 'reason', '?') AS reason
      FROM ledger WHERE type = 'PlanningFailed'
      UNION ALL
      SELECT 'ErrApplied: ' || coalesce(b ->> 'message', '?')
      FROM ledger, jsonb_array_elements(payload -> 'bundles') b
      WHERE type = 'StoreStatusReported' AND b ->> 'state' = 'ErrApplied'
      UNION ALL
      SELECT 'StoreOffline: ' || coalesce(payload ->> 'reason', '?')
      FROM ledger WHERE type = 'StoreOffline') f
GROUP BY reason;

DO $$
BEGIN
    GRANT SELECT ON v_deployments_per_hour, v_time_to_ready, v_bundle_state, v_store_state, v_stores_by_state,
        v_drift_by_store, v_failures_by_reason TO storefleet_audit_app;
END
$$;
