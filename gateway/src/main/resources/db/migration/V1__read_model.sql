-- Gateway storage (ARCHITECTURE 3): accepted events, one current view per case, stage results for the history.

-- Order of the stages of one event; the view never goes back for the same event.
CREATE FUNCTION case_stage_rank(stage text) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT CASE stage WHEN 'received' THEN 0 WHEN 'scored' THEN 1 WHEN 'assessed' THEN 2 WHEN 'planned' THEN 3 END $$;

-- Every accepted event, stale ones included. The primary key is the idempotency key.
CREATE TABLE accepted_event (
    event_id     uuid        PRIMARY KEY,
    hospital_id  text        NOT NULL,
    case_id      text        NOT NULL,
    occurred_at  timestamptz NOT NULL,
    -- SHA-256 (hex) of the canonical body (keys sorted, no whitespace): a repeat must carry the same body.
    body_sha256  text        NOT NULL,
    body         jsonb       NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    status       text        NOT NULL CHECK (status IN ('accepted', 'stale'))
);
CREATE INDEX accepted_event_case_idx ON accepted_event (hospital_id, case_id, received_at);

-- The current picture of each case: the newest event by (occurred_at, event_id) and its stage results.
CREATE TABLE case_view (
    hospital_id        text        NOT NULL,
    case_id            text        NOT NULL,
    event_id           uuid        NOT NULL REFERENCES accepted_event (event_id),
    occurred_at        timestamptz NOT NULL,
    stage              text        NOT NULL CHECK (case_stage_rank(stage) IS NOT NULL),
    symptom_assessment jsonb,
    cause_assessment   jsonb,
    treatment_plan     jsonb,
    -- Extracted from the sections so that the list can filter on them.
    conclusion         text,
    recommendation     text,
    created_at         timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at         timestamptz NOT NULL DEFAULT clock_timestamp(),
    -- Bumped on every change; the ETag.
    version            bigint      NOT NULL DEFAULT 1,
    PRIMARY KEY (hospital_id, case_id)
);
-- Keyset order of the list (updated_at, hospital_id, case_id) within one hospital, plus the filtered variants.
CREATE INDEX case_view_updated_idx ON case_view (hospital_id, updated_at, case_id);
CREATE INDEX case_view_stage_idx ON case_view (hospital_id, stage, updated_at, case_id);
CREATE INDEX case_view_conclusion_idx ON case_view (hospital_id, conclusion, updated_at, case_id);
CREATE INDEX case_view_recommendation_idx ON case_view (hospital_id, recommendation, updated_at, case_id);

-- Every stage result received for an accepted event (current or not): the audit trail.
CREATE TABLE stage_result (
    id                bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id          uuid        NOT NULL REFERENCES accepted_event (event_id),
    hospital_id       text        NOT NULL,
    case_id           text        NOT NULL,
    stage             text        NOT NULL CHECK (stage IN ('scored', 'assessed', 'planned')),
    section           text        NOT NULL,
    result            jsonb       NOT NULL,
    knowledge_version text,
    recorded_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
    -- A redelivered result (at-least-once) is the same result: kept once.
    UNIQUE (event_id, stage)
);
CREATE INDEX stage_result_case_idx ON stage_result (hospital_id, case_id, recorded_at);
