-- Rollouts for Grafana: the planner's wave events folded per rollout id (RolloutStarted → WaveStarted… → WaveHalted /
-- RolloutCompleted). started_at is when the ledger recorded the start (the panel's time axis); duration_seconds is
-- the planner's own clock from RolloutStarted to RolloutCompleted (null while running or halted).
CREATE VIEW v_rollouts AS
SELECT payload ->> 'rolloutId'                                                        AS rollout_id,
       max(bundle)                                                                    AS bundle,
       max(commit_sha)                                                                AS commit_sha,
       min(recorded_at)                                                               AS started_at,
       coalesce(max(payload ->> 'outcome') FILTER (WHERE type = 'RolloutCompleted'),
                CASE WHEN bool_or(type = 'WaveHalted') THEN 'Halted' ELSE 'Running' END) AS state,
       count(*) FILTER (WHERE type = 'WaveStarted')                                   AS waves_started,
       max(jsonb_array_length(payload -> 'waves')) FILTER (WHERE type = 'RolloutStarted') AS waves,
       max(payload ->> 'reason') FILTER (WHERE type = 'WaveHalted')                   AS halted_because,
       extract(epoch FROM max(event_time) FILTER (WHERE type = 'RolloutCompleted')
                        - min(event_time) FILTER (WHERE type = 'RolloutStarted'))     AS duration_seconds
FROM ledger
WHERE type IN ('RolloutStarted', 'WaveStarted', 'WaveHalted', 'RolloutCompleted')
GROUP BY 1;

GRANT SELECT ON v_rollouts TO storefleet_audit_app;
