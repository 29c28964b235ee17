-- The projector's write as one statement (one round trip, one implicit transaction) instead of five: under load
-- the per-statement cost of the projector's transactions was a large part of PostgreSQL's and the gateway's CPU.
-- Semantics are those of V1's statements, in the same order, under the same case lock:
--   the case's advisory lock (a POST of the case may still be between its Kafka acknowledgement and its commit);
--   'unknown-event' when the event was never accepted, 'mismatch' when the record names another hospital or case;
--   the result kept once in the history (a redelivery is the same result);
--   the view advanced only for its current event and only forwards ('applied'), else 'recorded' or 'duplicate'.
-- Sections are passed as text and parsed only when the view lacks them: a later stage's record carries the earlier
-- sections again, and rewriting identical jsonb would re-parse and re-compress (TOAST) all of them every time.
CREATE FUNCTION project_stage_result(
        p_event_id uuid, p_hospital_id text, p_case_id text, p_stage text, p_section text, p_result text,
        p_knowledge_version text, p_symptom_assessment text, p_cause_assessment text, p_treatment_plan text,
        p_conclusion text, p_recommendation text)
    RETURNS text
    LANGUAGE plpgsql
    AS $$
DECLARE
    accepted_hospital text;
    accepted_case     text;
    inserted          integer;
    advanced          integer;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended(p_hospital_id || '/' || p_case_id, 0));

    SELECT hospital_id, case_id INTO accepted_hospital, accepted_case FROM accepted_event WHERE event_id = p_event_id;
    IF NOT FOUND THEN
        RETURN 'unknown-event';
    END IF;
    IF accepted_hospital <> p_hospital_id OR accepted_case <> p_case_id THEN
        RETURN 'mismatch';
    END IF;

    INSERT INTO stage_result (event_id, hospital_id, case_id, stage, section, result, knowledge_version)
    VALUES (p_event_id, p_hospital_id, p_case_id, p_stage, p_section, CAST(p_result AS jsonb), p_knowledge_version)
    ON CONFLICT (event_id, stage) DO NOTHING;
    GET DIAGNOSTICS inserted = ROW_COUNT;

    UPDATE case_view SET
        stage = p_stage,
        symptom_assessment = CASE WHEN symptom_assessment IS NULL THEN CAST(p_symptom_assessment AS jsonb)
                                  ELSE symptom_assessment END,
        cause_assessment = CASE WHEN cause_assessment IS NULL THEN CAST(p_cause_assessment AS jsonb)
                                ELSE cause_assessment END,
        treatment_plan = CASE WHEN treatment_plan IS NULL THEN CAST(p_treatment_plan AS jsonb)
                              ELSE treatment_plan END,
        conclusion = COALESCE(p_conclusion, conclusion),
        recommendation = COALESCE(p_recommendation, recommendation),
        updated_at = clock_timestamp(),
        version = version + 1
    WHERE hospital_id = p_hospital_id AND case_id = p_case_id AND event_id = p_event_id
      AND case_stage_rank(stage) < case_stage_rank(p_stage);
    GET DIAGNOSTICS advanced = ROW_COUNT;

    IF advanced > 0 THEN
        RETURN 'applied';
    END IF;
    RETURN CASE WHEN inserted > 0 THEN 'recorded' ELSE 'duplicate' END;
END
$$;
