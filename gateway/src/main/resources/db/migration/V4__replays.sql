-- Replay and knowledge impact (CONTRACT 9). A replay re-evaluates one accepted event under a named knowledge version
-- through the stages; its result lives here only, never in case_view or stage_result. What is kept is what the view
-- itself holds (the three sections and values taken from them) plus ids: the event body stays in accepted_event.

-- One knowledge-impact run: every case of a hospital (or those updated after a date) replayed under two versions.
CREATE TABLE knowledge_impact (
    impact_id     uuid        PRIMARY KEY,
    hospital_id   text        NOT NULL,
    from_version  text        NOT NULL,
    to_version    text        NOT NULL,
    updated_after timestamptz,
    cases         integer     NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT clock_timestamp()
);
-- Retention purge.
CREATE INDEX knowledge_impact_created_idx ON knowledge_impact (created_at);

-- One replay of one event under one version: a replay asked for a case, or one side of a case in an impact run.
CREATE TABLE replay_run (
    replay_id         uuid        PRIMARY KEY,
    hospital_id       text        NOT NULL,
    case_id           text        NOT NULL,
    event_id          uuid        NOT NULL REFERENCES accepted_event (event_id),
    knowledge_version text        NOT NULL,
    impact_id         uuid        REFERENCES knowledge_impact (impact_id) ON DELETE CASCADE,
    impact_side       text        CHECK (impact_side IN ('from', 'to')),
    -- 'running' from the request until the planned record comes back ('done') or a timeout ('failed').
    status            text        NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'failed')),
    failure_reason    text,
    -- The view's sections for this event when the replay was asked for (case replays only; what the diff compares).
    baseline_symptom_assessment  jsonb,
    baseline_cause_assessment    jsonb,
    baseline_treatment_plan      jsonb,
    -- The replayed sections, from the planned record.
    candidate_symptom_assessment jsonb,
    candidate_cause_assessment   jsonb,
    candidate_treatment_plan     jsonb,
    -- The candidate's outcome, taken from its sections once, for the impact counts and items.
    suspicion                  text,
    conclusion                 text,
    severity                   text,
    recommendation             text,
    glucocorticoid_recommended boolean,
    critical_warning           boolean,
    created_at        timestamptz NOT NULL DEFAULT clock_timestamp(),
    -- Set when the dispatcher takes the run; null while it waits for its turn.
    dispatched_at     timestamptz,
    completed_at      timestamptz,
    CHECK ((impact_id IS NULL) = (impact_side IS NULL)),
    UNIQUE (impact_id, case_id, impact_side)
);
-- The dispatcher's queue: running runs not yet sent, oldest first (per hospital in turn).
CREATE INDEX replay_run_queue_idx ON replay_run (hospital_id, created_at, replay_id)
    WHERE status = 'running' AND dispatched_at IS NULL;
-- The timeout sweep and the per-hospital bound: running runs.
CREATE INDEX replay_run_running_idx ON replay_run (hospital_id, dispatched_at) WHERE status = 'running';
-- Retention of case replays (impact runs go with their knowledge_impact row).
CREATE INDEX replay_run_completed_idx ON replay_run (completed_at) WHERE impact_id IS NULL;
-- An impact run's counts and its items in case order are read through UNIQUE (impact_id, case_id, impact_side).

-- The projector's write of a replayed planned record, under the run's row lock:
--   'unknown-replay' when no such run exists (purged, or never this gateway's), 'mismatch' when the record names
--   another hospital, case or event than the run; 'duplicate' when the run is already done (a redelivery), 'late'
--   when it already failed (a failed run stays failed); 'wrong-version' when a section was evaluated under another
--   version than the run's (a stage that ignored the replay headers): the run fails with that reason; else 'done'.
CREATE FUNCTION complete_replay(
        p_replay_id uuid, p_hospital_id text, p_case_id text, p_event_id uuid,
        p_symptom_assessment text, p_cause_assessment text, p_treatment_plan text)
    RETURNS text
    LANGUAGE plpgsql
    AS $$
DECLARE
    run      replay_run%ROWTYPE;
    symptoms jsonb := CAST(p_symptom_assessment AS jsonb);
    causes   jsonb := CAST(p_cause_assessment AS jsonb);
    plan     jsonb := CAST(p_treatment_plan AS jsonb);
    used     text;
BEGIN
    SELECT * INTO run FROM replay_run WHERE replay_id = p_replay_id FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 'unknown-replay';
    END IF;
    IF run.hospital_id <> p_hospital_id OR run.case_id <> p_case_id OR run.event_id <> p_event_id THEN
        RETURN 'mismatch';
    END IF;
    IF run.status = 'done' THEN
        RETURN 'duplicate';
    END IF;
    IF run.status = 'failed' THEN
        RETURN 'late';
    END IF;

    SELECT v INTO used FROM (VALUES (symptoms ->> 'knowledgeVersion'), (causes ->> 'knowledgeVersion'),
                                    (plan ->> 'knowledgeVersion')) AS versions (v)
    WHERE v IS DISTINCT FROM run.knowledge_version LIMIT 1;
    IF FOUND THEN
        UPDATE replay_run SET status = 'failed', completed_at = clock_timestamp(),
            failure_reason = 'the stages evaluated ' || COALESCE(used, 'no stated version') || ', not '
                             || run.knowledge_version
        WHERE replay_id = p_replay_id;
        RETURN 'wrong-version';
    END IF;

    UPDATE replay_run SET
        status = 'done',
        completed_at = clock_timestamp(),
        candidate_symptom_assessment = symptoms,
        candidate_cause_assessment = causes,
        candidate_treatment_plan = plan,
        suspicion = symptoms ->> 'suspicion',
        conclusion = causes ->> 'conclusion',
        severity = plan ->> 'severity',
        recommendation = plan ->> 'recommendation',
        glucocorticoid_recommended = CASE jsonb_typeof(plan -> 'glucocorticoidRecommended')
                                         WHEN 'boolean' THEN CAST(plan ->> 'glucocorticoidRecommended' AS boolean) END,
        critical_warning = COALESCE(jsonb_path_exists(plan, '$.warnings[*] ? (@.level == "critical")'), false)
    WHERE replay_id = p_replay_id;
    RETURN 'done';
END
$$;
