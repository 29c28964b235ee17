-- Between V4 (replay) and V5 (hardening): V5 replaces accepted_event's primary key (event_id) with (hospital_id,
-- event_id), which PostgreSQL refuses while a foreign key still depends on the old one. V5 drops case_view's and
-- stage_result's itself; replay_run's, which V5 predates, is dropped here and made per hospital again by V6.
-- (Versioned 4.1 so that neither V4 nor V5 changes: a database already at V4 runs this, then V5, then V6.)
ALTER TABLE replay_run DROP CONSTRAINT replay_run_event_id_fkey;
