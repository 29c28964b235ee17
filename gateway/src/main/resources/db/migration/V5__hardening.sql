-- Hardening (CONTRACT 1.1): event ids per hospital, an intake that no longer holds the case lock (nor a connection)
-- while Kafka acknowledges, a projector that writes only the section its topic's stage owns, and the access audit.

-- ------------------------------------------------------------------------------------------------ per-hospital keys
-- An eventId is unique within its hospitalId only: another hospital reusing it gets its own 202, never a 409 that
-- would tell it the id exists elsewhere. Every reference to an event becomes (hospital_id, event_id).
ALTER TABLE case_view DROP CONSTRAINT case_view_event_id_fkey;
ALTER TABLE stage_result DROP CONSTRAINT stage_result_event_id_fkey;
ALTER TABLE stage_result DROP CONSTRAINT stage_result_event_id_stage_key;
ALTER TABLE accepted_event DROP CONSTRAINT accepted_event_pkey;
ALTER TABLE accepted_event ADD CONSTRAINT accepted_event_pkey PRIMARY KEY (hospital_id, event_id);
ALTER TABLE case_view ADD CONSTRAINT case_view_event_fkey
    FOREIGN KEY (hospital_id, event_id) REFERENCES accepted_event (hospital_id, event_id);
-- A redelivered result (at-least-once) is the same result: kept once. Results of a pending event whose publish then
-- failed go with its row (its record may still have reached Kafka late: such results are not the hospital's).
ALTER TABLE stage_result ADD CONSTRAINT stage_result_event_stage_key UNIQUE (hospital_id, event_id, stage);
ALTER TABLE stage_result ADD CONSTRAINT stage_result_event_fkey
    FOREIGN KEY (hospital_id, event_id) REFERENCES accepted_event (hospital_id, event_id) ON DELETE CASCADE;

-- 'pending': recorded, handed to Kafka, not acknowledged yet. Such a row reserves its id and body (a repeat with the
-- same body publishes again, another body is a 409), but it is in no view, list or history until it is settled.
ALTER TABLE accepted_event DROP CONSTRAINT accepted_event_status_check;
ALTER TABLE accepted_event ADD CONSTRAINT accepted_event_status_check CHECK (status IN ('pending', 'accepted', 'stale'));

-- ------------------------------------------------------------------------------------------------ intake
-- V3's one transaction (case lock held while Kafka acknowledged, up to the publish timeout) becomes two short ones:
-- reserve_case_event before the publish, settle_case_event after the acknowledgement. A failed publish deletes the
-- pending row (CaseStore.abandon), so no accepted row exists without its Kafka record.
DROP FUNCTION record_case_event(uuid, text, text, timestamptz, text, text);

-- 'new' (a pending row was written), 'repeat:<status>' when the hospital already has the id with this body (a
-- pending one is published again by the caller), else 'conflict'.
CREATE FUNCTION reserve_case_event(
        p_hospital_id text, p_event_id uuid, p_case_id text, p_occurred_at timestamptz, p_body_sha256 text, p_body text)
    RETURNS text
    LANGUAGE plpgsql
    AS $$
DECLARE
    known_case   text;
    known_sha256 text;
    known_status text;
    inserted     integer;
BEGIN
    FOR attempt IN 1..2 LOOP
        SELECT case_id, body_sha256, status INTO known_case, known_sha256, known_status
        FROM accepted_event WHERE hospital_id = p_hospital_id AND event_id = p_event_id;
        IF FOUND THEN
            IF known_sha256 = p_body_sha256 AND known_case = p_case_id THEN
                RETURN 'repeat:' || known_status;
            END IF;
            RETURN 'conflict';
        END IF;
        EXIT WHEN attempt = 2;
        INSERT INTO accepted_event (event_id, hospital_id, case_id, occurred_at, body_sha256, body, status)
        VALUES (p_event_id, p_hospital_id, p_case_id, p_occurred_at, p_body_sha256, CAST(p_body AS jsonb), 'pending')
        ON CONFLICT (hospital_id, event_id) DO NOTHING;
        GET DIAGNOSTICS inserted = ROW_COUNT;
        IF inserted > 0 THEN
            -- A pending row needs no flush to disk before the publish: lost in a crash, it is written again by the
            -- settlement (or by the client's retry), and nothing was answered on its strength. Saves one WAL flush per
            -- POST; a final answer (repeat, conflict) and the settlement are committed as usual.
            PERFORM set_config('synchronous_commit', 'off', true);
            RETURN 'new';
        END IF;
        -- None inserted: the same id committed meanwhile; read it (attempt 2).
    END LOOP;
    RAISE EXCEPTION 'event row vanished' USING ERRCODE = '40001';
END
$$;

-- After Kafka acknowledged: under the case's lock (the projector takes it too), the pending event becomes 'accepted'
-- (the case's current picture) or 'stale' (the case shows a newer event), stamped now: what the history shows is
-- what was acknowledged, in the order it became visible. Results its stages recorded while it was pending (they can
-- outrun this transaction) are stamped now too, and an accepted event's view starts from them.
-- Answers 'accepted', 'stale', 'repeat:<status>' (settled meanwhile by a repeat of the same event elsewhere) or
-- 'conflict' (its pending row was removed by a failed repeat and the id taken with another body since).
CREATE FUNCTION settle_case_event(
        p_hospital_id text, p_event_id uuid, p_case_id text, p_occurred_at timestamptz, p_body_sha256 text, p_body text)
    RETURNS text
    LANGUAGE plpgsql
    AS $$
DECLARE
    known_case   text;
    known_sha256 text;
    known_status text;
    stale        boolean;
    settled_at   timestamptz;
    recorded     integer;
    symptom      jsonb;
    cause        jsonb;
    plan         jsonb;
    upserted     integer;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended(p_hospital_id || '/' || p_case_id, 0));

    SELECT case_id, body_sha256, status INTO known_case, known_sha256, known_status
    FROM accepted_event WHERE hospital_id = p_hospital_id AND event_id = p_event_id FOR UPDATE;
    IF NOT FOUND THEN
        -- Kafka holds the record now, so the row is written again.
        INSERT INTO accepted_event (event_id, hospital_id, case_id, occurred_at, body_sha256, body, status)
        VALUES (p_event_id, p_hospital_id, p_case_id, p_occurred_at, p_body_sha256, CAST(p_body AS jsonb), 'pending')
        ON CONFLICT (hospital_id, event_id) DO NOTHING;
        SELECT case_id, body_sha256, status INTO known_case, known_sha256, known_status
        FROM accepted_event WHERE hospital_id = p_hospital_id AND event_id = p_event_id FOR UPDATE;
    END IF;
    IF known_sha256 <> p_body_sha256 OR known_case <> p_case_id THEN
        RETURN 'conflict';
    END IF;
    IF known_status <> 'pending' THEN
        RETURN 'repeat:' || known_status;
    END IF;

    SELECT (occurred_at, event_id) > (p_occurred_at, p_event_id) INTO stale
    FROM case_view WHERE hospital_id = p_hospital_id AND case_id = p_case_id FOR UPDATE;
    stale := COALESCE(stale, false);

    -- One stamp for the event and its early results: the history shows the event first, then them in arrival order.
    settled_at := clock_timestamp();
    UPDATE accepted_event SET status = CASE WHEN stale THEN 'stale' ELSE 'accepted' END, received_at = settled_at
    WHERE hospital_id = p_hospital_id AND event_id = p_event_id;
    UPDATE stage_result SET recorded_at = settled_at WHERE hospital_id = p_hospital_id AND event_id = p_event_id;
    GET DIAGNOSTICS recorded = ROW_COUNT;

    IF NOT stale THEN
        IF recorded > 0 THEN
            SELECT result INTO symptom FROM stage_result
            WHERE hospital_id = p_hospital_id AND event_id = p_event_id AND stage = 'scored';
            SELECT result INTO cause FROM stage_result
            WHERE hospital_id = p_hospital_id AND event_id = p_event_id AND stage = 'assessed';
            SELECT result INTO plan FROM stage_result
            WHERE hospital_id = p_hospital_id AND event_id = p_event_id AND stage = 'planned';
        END IF;
        INSERT INTO case_view (hospital_id, case_id, event_id, occurred_at, stage, symptom_assessment, cause_assessment,
                               treatment_plan, conclusion, recommendation)
        VALUES (p_hospital_id, p_case_id, p_event_id, p_occurred_at,
                CASE WHEN plan IS NOT NULL THEN 'planned' WHEN cause IS NOT NULL THEN 'assessed'
                     WHEN symptom IS NOT NULL THEN 'scored' ELSE 'received' END,
                symptom, cause, plan,
                CASE WHEN jsonb_typeof(cause -> 'conclusion') = 'string' THEN cause ->> 'conclusion' END,
                CASE WHEN jsonb_typeof(plan -> 'recommendation') = 'string' THEN plan ->> 'recommendation' END)
        ON CONFLICT (hospital_id, case_id) DO UPDATE SET
            event_id = EXCLUDED.event_id,
            occurred_at = EXCLUDED.occurred_at,
            stage = EXCLUDED.stage,
            symptom_assessment = EXCLUDED.symptom_assessment,
            cause_assessment = EXCLUDED.cause_assessment,
            treatment_plan = EXCLUDED.treatment_plan,
            conclusion = EXCLUDED.conclusion,
            recommendation = EXCLUDED.recommendation,
            updated_at = clock_timestamp(),
            version = case_view.version + 1
        WHERE (case_view.occurred_at, case_view.event_id) < (EXCLUDED.occurred_at, EXCLUDED.event_id);
        GET DIAGNOSTICS upserted = ROW_COUNT;
        IF upserted = 0 THEN
            -- Cannot happen under the case lock; kept so that the row's status never lies.
            UPDATE accepted_event SET status = 'stale' WHERE hospital_id = p_hospital_id AND event_id = p_event_id;
            stale := true;
        END IF;
    END IF;
    RETURN CASE WHEN stale THEN 'stale' ELSE 'accepted' END;
END
$$;

-- ------------------------------------------------------------------------------------------------ projector
-- As V2, with two changes: the event is looked up within the record's hospital, and from each topic only the section
-- its stage owns is written (case-scored -> symptomAssessment, case-assessed -> causeAssessment, case-planned ->
-- treatmentPlan; conclusion and recommendation from those sections only). A record carries the earlier sections too,
-- and a forged one could carry any: they are ignored. A section is filled once per event, whatever order the three
-- topics deliver in; the stage only moves forward. A result of a pending event is recorded (its history entry shows
-- once the event is settled, which also puts it into the view), not applied.
DROP FUNCTION project_stage_result(uuid, text, text, text, text, text, text, text, text, text, text, text);

CREATE FUNCTION project_stage_result(
        p_hospital_id text, p_event_id uuid, p_case_id text, p_stage text, p_section text, p_result text,
        p_knowledge_version text, p_conclusion text, p_recommendation text)
    RETURNS text
    LANGUAGE plpgsql
    AS $$
DECLARE
    accepted_case text;
    inserted      integer;
    advanced      integer;
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
    VALUES (p_event_id, p_hospital_id, p_case_id, p_stage, p_section, CAST(p_result AS jsonb), p_knowledge_version)
    ON CONFLICT (hospital_id, event_id, stage) DO NOTHING;
    GET DIAGNOSTICS inserted = ROW_COUNT;

    UPDATE case_view SET
        stage = CASE WHEN case_stage_rank(stage) < case_stage_rank(p_stage) THEN p_stage ELSE stage END,
        symptom_assessment = CASE WHEN p_stage = 'scored' AND symptom_assessment IS NULL
                                  THEN CAST(p_result AS jsonb) ELSE symptom_assessment END,
        cause_assessment = CASE WHEN p_stage = 'assessed' AND cause_assessment IS NULL
                                THEN CAST(p_result AS jsonb) ELSE cause_assessment END,
        treatment_plan = CASE WHEN p_stage = 'planned' AND treatment_plan IS NULL
                              THEN CAST(p_result AS jsonb) ELSE treatment_plan END,
        conclusion = CASE WHEN p_stage = 'assessed' AND cause_assessment IS NULL THEN p_conclusion ELSE conclusion END,
        recommendation = CASE WHEN p_stage = 'planned' AND treatment_plan IS NULL
                              THEN p_recommendation ELSE recommendation END,
        updated_at = clock_timestamp(),
        version = version + 1
    WHERE hospital_id = p_hospital_id AND case_id = p_case_id AND event_id = p_event_id
      AND (case_stage_rank(stage) < case_stage_rank(p_stage)
           OR (p_stage = 'scored' AND symptom_assessment IS NULL)
           OR (p_stage = 'assessed' AND cause_assessment IS NULL)
           OR (p_stage = 'planned' AND treatment_plan IS NULL));
    GET DIAGNOSTICS advanced = ROW_COUNT;

    IF advanced > 0 THEN
        RETURN 'applied';
    END IF;
    RETURN CASE WHEN inserted > 0 THEN 'recorded' ELSE 'duplicate' END;
END
$$;

-- ------------------------------------------------------------------------------------------------ access audit
-- CONTRACT 1.1: who read or wrote which case of which hospital, and the answer. Never clinical data: ids, the action,
-- the list's query (parameter names and validated values), the HTTP status. Append-only: see below.
CREATE TABLE access_audit (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT clock_timestamp(),
    -- The token's sub.
    actor       text        NOT NULL,
    hospital_id text        NOT NULL,
    action      text        NOT NULL,
    case_id     text,
    event_id    uuid,
    query       text,
    outcome     smallint    NOT NULL
);
-- GET /api/v1/audit-events: keyset (at, id) within the caller's hospital, optionally one case or one actor.
CREATE INDEX access_audit_at_idx ON access_audit (hospital_id, at, id);
CREATE INDEX access_audit_case_idx ON access_audit (hospital_id, case_id, at, id);
CREATE INDEX access_audit_actor_idx ON access_audit (hospital_id, actor, at, id);

-- Refused for every account, the owner's included: removing rows after the retention period is a deliberate act of
-- the table's owner (gateway/README.md, "Access audit"), never something a statement of the service can do.
CREATE FUNCTION refuse_access_audit_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    RAISE EXCEPTION 'access_audit is append-only' USING ERRCODE = '42501';
END
$$;
CREATE TRIGGER access_audit_append_only BEFORE UPDATE OR DELETE ON access_audit
    FOR EACH ROW EXECUTE FUNCTION refuse_access_audit_change();
CREATE TRIGGER access_audit_no_truncate BEFORE TRUNCATE ON access_audit
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_access_audit_change();

-- The service's own account. When Flyway runs as a table owner and the service as another role (quarkus.flyway.username
-- vs quarkus.datasource.username; placeholder app_role is the latter), that role gets what it needs and on the audit
-- table only SELECT and INSERT: no UPDATE, DELETE or TRUNCATE, whatever a trigger's owner might do. Tables of later
-- migrations are granted by default; the audit table stays excluded. With one account for both, nothing is granted
-- and the triggers above are the guard.
DO $$
DECLARE
    app text := '${app_role}';
BEGIN
    IF app = '' OR app = current_user THEN
        RETURN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = app) THEN
        RAISE EXCEPTION 'the application role % does not exist', app;
    END IF;
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %I', app);
    EXECUTE format('GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO %I', app);
    EXECUTE format('REVOKE ALL ON flyway_schema_history FROM %I', app);
    EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON access_audit FROM %I', app);
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I', app);
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE ON SEQUENCES TO %I', app);
END
$$;
