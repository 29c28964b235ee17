-- The intake's writes as one statement before the publish, instead of five round trips around it. Same steps, same
-- order, same case lock as V1's statements (the transaction stays open: the caller publishes to Kafka, then commits,
-- or rolls back when the publish fails, so no accepted row ever exists without its Kafka record):
--   the case's advisory lock, held until the caller's commit;
--   a known event id: 'repeat:<status>' when hospital, case and body hash match, else 'conflict';
--   otherwise the row is inserted, 'stale' when the case's current event is newer (by occurred_at, then event_id),
--   and a non-stale event becomes the case's current picture (sections cleared until its stages run):
--   'new:accepted' or 'new:stale'.
CREATE FUNCTION record_case_event(
        p_event_id uuid, p_hospital_id text, p_case_id text, p_occurred_at timestamptz, p_body_sha256 text,
        p_body text)
    RETURNS text
    LANGUAGE plpgsql
    AS $$
DECLARE
    known_hospital text;
    known_case     text;
    known_sha256   text;
    known_status   text;
    stale          boolean;
    inserted       integer;
    upserted       integer;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended(p_hospital_id || '/' || p_case_id, 0));

    FOR attempt IN 1..2 LOOP
        SELECT hospital_id, case_id, body_sha256, status INTO known_hospital, known_case, known_sha256, known_status
        FROM accepted_event WHERE event_id = p_event_id;
        IF FOUND THEN
            IF known_sha256 = p_body_sha256 AND known_hospital = p_hospital_id AND known_case = p_case_id THEN
                RETURN 'repeat:' || known_status;
            END IF;
            RETURN 'conflict';
        END IF;
        EXIT WHEN attempt = 2;

        SELECT (occurred_at, event_id) > (p_occurred_at, p_event_id) INTO stale
        FROM case_view WHERE hospital_id = p_hospital_id AND case_id = p_case_id FOR UPDATE;
        stale := COALESCE(stale, false);

        INSERT INTO accepted_event (event_id, hospital_id, case_id, occurred_at, body_sha256, body, status)
        VALUES (p_event_id, p_hospital_id, p_case_id, p_occurred_at, p_body_sha256, CAST(p_body AS jsonb),
                CASE WHEN stale THEN 'stale' ELSE 'accepted' END)
        ON CONFLICT (event_id) DO NOTHING;
        GET DIAGNOSTICS inserted = ROW_COUNT;
        -- None inserted: the same event id committed meanwhile under another case's lock; read it (attempt 2).
        CONTINUE WHEN inserted = 0;

        IF NOT stale THEN
            INSERT INTO case_view (hospital_id, case_id, event_id, occurred_at, stage)
            VALUES (p_hospital_id, p_case_id, p_event_id, p_occurred_at, 'received')
            ON CONFLICT (hospital_id, case_id) DO UPDATE SET
                event_id = EXCLUDED.event_id,
                occurred_at = EXCLUDED.occurred_at,
                stage = 'received',
                symptom_assessment = NULL,
                cause_assessment = NULL,
                treatment_plan = NULL,
                conclusion = NULL,
                recommendation = NULL,
                updated_at = clock_timestamp(),
                version = case_view.version + 1
            WHERE (case_view.occurred_at, case_view.event_id) < (EXCLUDED.occurred_at, EXCLUDED.event_id);
            GET DIAGNOSTICS upserted = ROW_COUNT;
            IF upserted = 0 THEN
                -- Cannot happen under the case lock; kept so that the row's status never lies.
                UPDATE accepted_event SET status = 'stale' WHERE event_id = p_event_id;
                stale := true;
            END IF;
        END IF;
        RETURN CASE WHEN stale THEN 'new:stale' ELSE 'new:accepted' END;
    END LOOP;
    RAISE EXCEPTION 'event row vanished' USING ERRCODE = '40001';
END
$$;
