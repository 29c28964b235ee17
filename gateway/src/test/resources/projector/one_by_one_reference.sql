-- ProjectorBatchTest's reference: the projection of ONE stage result, written plainly (one statement per step) from
-- the rule rather than from project_stage_results (V9), against which random batches are compared. The rule: a result
-- is stored once per (hospital, event, stage); the view of the case, when the result's event is its current one, holds
-- the longest run of that event's stored sections from symptomAssessment on (scored, assessed, planned), its stage the
-- furthest of the run, its version one higher per section it took; conclusion and recommendation come from the
-- causeAssessment and treatmentPlan it took.
CREATE OR REPLACE FUNCTION reference_project_stage_result(
        p_hospital_id text, p_event_id uuid, p_case_id text, p_stage text, p_section text, p_result text,
        p_knowledge_version text)
    RETURNS text
    LANGUAGE plpgsql
    AS $$
DECLARE
    accepted_case text;
    inserted      integer;
    view_row      case_view%ROWTYPE;
    symptom       json;
    cause         json;
    plan          json;
    took          integer;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended(p_hospital_id || '/' || p_case_id, 0));

    SELECT case_id INTO accepted_case FROM accepted_event WHERE hospital_id = p_hospital_id AND event_id = p_event_id;
    IF NOT FOUND THEN
        RETURN 'unknown-event';
    END IF;
    IF accepted_case <> p_case_id THEN
        RETURN 'mismatch';
    END IF;

    INSERT INTO stage_result (event_id, hospital_id, case_id, stage, section, result, knowledge_version)
    VALUES (p_event_id, p_hospital_id, p_case_id, p_stage, p_section, CAST(p_result AS json), p_knowledge_version)
    ON CONFLICT (hospital_id, event_id, stage) DO NOTHING;
    GET DIAGNOSTICS inserted = ROW_COUNT;
    IF inserted = 0 THEN
        RETURN 'duplicate';
    END IF;

    SELECT * INTO view_row FROM case_view
    WHERE hospital_id = p_hospital_id AND case_id = p_case_id AND event_id = p_event_id;
    IF NOT FOUND THEN
        RETURN 'recorded';
    END IF;

    SELECT result INTO symptom FROM stage_result
    WHERE hospital_id = p_hospital_id AND event_id = p_event_id AND stage = 'scored';
    SELECT result INTO cause FROM stage_result
    WHERE hospital_id = p_hospital_id AND event_id = p_event_id AND stage = 'assessed';
    SELECT result INTO plan FROM stage_result
    WHERE hospital_id = p_hospital_id AND event_id = p_event_id AND stage = 'planned';
    IF symptom IS NULL THEN
        cause := NULL;
    END IF;
    IF cause IS NULL THEN
        plan := NULL;
    END IF;

    took := CASE WHEN view_row.symptom_assessment IS NULL AND symptom IS NOT NULL THEN 1 ELSE 0 END
          + CASE WHEN view_row.cause_assessment IS NULL AND cause IS NOT NULL THEN 1 ELSE 0 END
          + CASE WHEN view_row.treatment_plan IS NULL AND plan IS NOT NULL THEN 1 ELSE 0 END;
    IF took = 0 THEN
        -- Another event's, or ahead of a missing earlier section: kept in the history only.
        RETURN 'recorded';
    END IF;

    UPDATE case_view SET
        stage = CASE WHEN plan IS NOT NULL THEN 'planned' WHEN cause IS NOT NULL THEN 'assessed' ELSE 'scored' END,
        symptom_assessment = COALESCE(symptom_assessment, symptom),
        cause_assessment = COALESCE(cause_assessment, cause),
        treatment_plan = COALESCE(treatment_plan, plan),
        conclusion = CASE WHEN json_typeof(cause -> 'conclusion') = 'string' THEN cause ->> 'conclusion' END,
        recommendation = CASE WHEN json_typeof(plan -> 'recommendation') = 'string' THEN plan ->> 'recommendation' END,
        updated_at = clock_timestamp(),
        version = version + took
    WHERE hospital_id = p_hospital_id AND case_id = p_case_id;
    -- Only this result can have closed the gap that held the run back, so its own section is among those taken.
    RETURN 'applied';
END
$$;
