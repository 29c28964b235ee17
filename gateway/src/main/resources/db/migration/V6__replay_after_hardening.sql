-- Replay (V4) on the hardened schema (V5): event ids are unique within their hospital only, so a replay run names its
-- event by (hospital_id, event_id), as case_view and stage_result do. A run is only ever made for a settled event
-- (accepted or stale: the view's current event, or one of the case's named in the request, never a pending one), and a
-- settled row is never deleted, so no ON DELETE action is needed; a pending row's removal after a failed publish
-- (CaseStore.abandon) finds no run referring to it, by the index below rather than a scan of every run.
ALTER TABLE replay_run ADD CONSTRAINT replay_run_event_fkey
    FOREIGN KEY (hospital_id, event_id) REFERENCES accepted_event (hospital_id, event_id);
CREATE INDEX replay_run_event_idx ON replay_run (hospital_id, event_id);
