-- "Which stores run commit X": the current view by applied commit.
CREATE INDEX store_bundle_view_applied_commit_idx ON store_bundle_view (applied_commit, store_id);
