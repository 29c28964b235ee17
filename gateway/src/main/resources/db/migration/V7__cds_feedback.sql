-- CDS Hooks feedback (CONTRACT 7): what a clinician did with a card. Nothing of the patient: the card's uuid (which the
-- suite made up), the outcome, the coded override reason if one was chosen, how many suggestions were accepted, and when.
-- The clinician's free-text comment is never stored (it could name the patient).
CREATE TABLE cds_feedback (
    id                     bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    hospital_id            text        NOT NULL,
    service_id             text        NOT NULL,
    card_uuid              uuid        NOT NULL,
    outcome                text        NOT NULL CHECK (outcome IN ('accepted', 'overridden')),
    override_reason_system text,
    override_reason_code   text,
    accepted_suggestions   integer     NOT NULL DEFAULT 0 CHECK (accepted_suggestions >= 0),
    outcome_at             timestamptz NOT NULL,
    received_at            timestamptz NOT NULL DEFAULT clock_timestamp(),
    CHECK ((override_reason_code IS NULL) = (override_reason_system IS NULL)),
    -- A client may send the same feedback again (CDS Hooks allows it): kept and counted once.
    UNIQUE (hospital_id, card_uuid, outcome, outcome_at)
);
-- Reports by hospital and time.
CREATE INDEX cds_feedback_hospital_idx ON cds_feedback (hospital_id, received_at);
