-- When the agent wrote the report the view shows. At-least-once delivery (a broker redelivering an unacked
-- message after a reconnect) can bring an older report after a newer one; the view must not move back.
ALTER TABLE store_bundle_view ADD COLUMN reported_at timestamptz;
