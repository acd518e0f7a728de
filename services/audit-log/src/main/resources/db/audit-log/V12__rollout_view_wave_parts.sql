-- A wave of more than 10,000 stores is announced by several WaveStarted records (part 0 … parts-1, see fleet-model's
-- WaveStarted): a started wave counts once, by its part 0 (events written before parts existed have no part: 0).
CREATE OR REPLACE VIEW v_rollouts AS
SELECT payload ->> 'rolloutId'                                                        AS rollout_id,
       max(bundle)                                                                    AS bundle,
       max(commit_sha)                                                                AS commit_sha,
       min(recorded_at)                                                               AS started_at,
       coalesce(max(payload ->> 'outcome') FILTER (WHERE type = 'RolloutCompleted'),
                CASE WHEN bool_or(type = 'WaveHalted') THEN 'Halted' ELSE 'Running' END) AS state,
       count(*) FILTER (WHERE type = 'WaveStarted' AND coalesce((payload ->> 'part')::int, 0) = 0) AS waves_started,
       max(jsonb_array_length(payload -> 'waves')) FILTER (WHERE type = 'RolloutStarted') AS waves,
       max(payload ->> 'reason') FILTER (WHERE type = 'WaveHalted')                   AS halted_because,
       extract(epoch FROM max(event_time) FILTER (WHERE type = 'RolloutCompleted')
                        - min(event_time) FILTER (WHERE type = 'RolloutStarted'))     AS duration_seconds
FROM ledger
WHERE type IN ('RolloutStarted', 'WaveStarted', 'WaveHalted', 'RolloutCompleted')
GROUP BY 1;
