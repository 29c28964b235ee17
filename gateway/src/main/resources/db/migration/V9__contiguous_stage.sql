-- The view's stage advances only over contiguous sections: received -> scored -> assessed -> planned, each stage
-- shown only once every earlier section is there. The projector writes each topic's section on its own, so one poll
-- (or two polls) may hold case-planned before case-assessed of the same case; before this migration the view then
-- read "planned", with a treatment plan and a recommendation, while its cause assessment was still missing. Now a
-- result that arrives ahead of an earlier stage's is stored (the history shows it at once) and waits in stage_result;
-- the view holds the longest run of its event's sections from symptomAssessment on, and takes the waiting sections
-- the moment the missing one arrives (the stage then jumps forward). Sections, conclusion, recommendation and stage
-- of a view therefore always agree: the list's filters, the ETag (version) and the dashboard read one consistent
-- picture.

-- ------------------------------------------------------------------------------------------------ the write
-- project_stage_results: as V8 (one polled batch, the arrays holding one result each at the same index; answers one
-- row per result, item 1..n and outcome), with the contiguous rule. For each case whose current event got a new
-- result, the view takes every section of that event that is stored (before or now) and whose earlier sections are
-- all there; its version grows by the number of sections it took (as one by one: there each result that fills a gap
-- brings the waiting sections with it), updated_at is stamped, and the stage is the furthest of the run.
-- Outcomes are those of the results written one by one in batch order: 'applied' when the view took the result's
-- section and every earlier section was there before it (in the view, stored before the batch, or earlier in the
-- batch); 'recorded' for another result stored now (kept in the history: another event's, or ahead of a missing
-- section, or a pending event's, whose settlement puts it into the view); 'duplicate', 'unknown-event', 'mismatch'
-- as in V8.
CREATE OR REPLACE FUNCTION project_stage_results(
        p_hospital_ids text[], p_event_ids uuid[], p_case_ids text[], p_stages text[], p_results text[],
        p_knowledge_versions text[], p_conclusions text[], p_recommendations text[])
    RETURNS TABLE (item integer, outcome text)
    LANGUAGE plpgsql
    AS $$
#variable_conflict use_column
BEGIN
    PERFORM pg_advisory_xact_lock(lock_id) FROM (
        SELECT DISTINCT hashtextextended(k.h || '/' || k.c, 0) AS lock_id
        FROM unnest(p_hospital_ids, p_case_ids) AS k (h, c) ORDER BY 1) AS ids;

    RETURN QUERY
    WITH batch AS (
        SELECT CAST(b.n AS integer) AS n, b.h, b.e, b.c, b.s, CAST(b.r AS json) AS doc, b.kv, b.conclusion,
               b.recommendation, a.case_id AS accepted_case
        FROM unnest(p_hospital_ids, p_event_ids, p_case_ids, p_stages, p_results, p_knowledge_versions, p_conclusions,
                    p_recommendations) WITH ORDINALITY AS b (h, e, c, s, r, kv, conclusion, recommendation, n)
        LEFT JOIN accepted_event a ON a.hospital_id = b.h AND a.event_id = b.e
    ),
    -- The first result of each (hospital, event, stage) of an accepted event of its case.
    firsts AS (
        SELECT DISTINCT ON (h, e, s) * FROM batch WHERE accepted_case = c ORDER BY h, e, s, n
    ),
    inserted AS (
        INSERT INTO stage_result (event_id, hospital_id, case_id, stage, section, result, knowledge_version)
        SELECT e, h, c, s,
               CASE s WHEN 'scored' THEN 'symptomAssessment' WHEN 'assessed' THEN 'causeAssessment'
                      WHEN 'planned' THEN 'treatmentPlan' END,
               doc, kv
        FROM firsts ORDER BY n
        ON CONFLICT (hospital_id, event_id, stage) DO NOTHING
        RETURNING hospital_id, event_id, stage
    ),
    -- The results stored now (a first already stored is a redelivery).
    fresh AS (
        SELECT f.* FROM firsts f JOIN inserted i ON i.hospital_id = f.h AND i.event_id = f.e AND i.stage = f.s
    ),
    -- Each of the three sections of every view whose current event got a fresh result: in the view already, stored
    -- before this statement (this statement's own insert is not visible here), or fresh.
    sections AS (
        SELECT v.hospital_id AS h, v.case_id AS c, x.s, x.rank,
               CASE x.s WHEN 'scored' THEN v.symptom_assessment IS NOT NULL
                        WHEN 'assessed' THEN v.cause_assessment IS NOT NULL
                        ELSE v.treatment_plan IS NOT NULL END AS in_view,
               r.result AS stored, f.doc AS fresh_doc, f.n AS fresh_n,
               COALESCE(f.conclusion, CASE WHEN json_typeof(r.result -> 'conclusion') = 'string'
                                           THEN r.result ->> 'conclusion' END) AS conclusion,
               COALESCE(f.recommendation, CASE WHEN json_typeof(r.result -> 'recommendation') = 'string'
                                               THEN r.result ->> 'recommendation' END) AS recommendation
        FROM case_view v
        CROSS JOIN (VALUES ('scored', 1), ('assessed', 2), ('planned', 3)) AS x (s, rank)
        LEFT JOIN stage_result r ON r.hospital_id = v.hospital_id AND r.event_id = v.event_id AND r.stage = x.s
        LEFT JOIN fresh f ON f.h = v.hospital_id AND f.e = v.event_id AND f.s = x.s
        WHERE EXISTS (SELECT 1 FROM fresh w WHERE w.h = v.hospital_id AND w.c = v.case_id AND w.e = v.event_id)
    ),
    -- The run: the rank of the last section before the first one missing.
    reach AS (
        SELECT h, c,
               COALESCE(min(rank) FILTER (WHERE NOT in_view AND stored IS NULL AND fresh_doc IS NULL), 4) - 1 AS top
        FROM sections GROUP BY h, c
    ),
    taken AS (
        SELECT x.*, COALESCE(x.fresh_doc, x.stored) AS doc
        FROM sections x JOIN reach r ON r.h = x.h AND r.c = x.c
        WHERE x.rank <= r.top AND NOT x.in_view
    ),
    per_case AS (
        SELECT t.h, t.c, count(*) AS taken_count, min(r.top) AS top,
               (array_agg(t.doc) FILTER (WHERE t.s = 'scored'))[1] AS symptom,
               (array_agg(t.doc) FILTER (WHERE t.s = 'assessed'))[1] AS cause,
               (array_agg(t.doc) FILTER (WHERE t.s = 'planned'))[1] AS plan,
               bool_or(t.s = 'assessed') AS has_cause,
               bool_or(t.s = 'planned') AS has_plan,
               (array_agg(t.conclusion) FILTER (WHERE t.s = 'assessed'))[1] AS conclusion,
               (array_agg(t.recommendation) FILTER (WHERE t.s = 'planned'))[1] AS recommendation
        FROM taken t JOIN reach r ON r.h = t.h AND r.c = t.c
        GROUP BY t.h, t.c
    ),
    advanced AS (
        UPDATE case_view v SET
            stage = CASE x.top WHEN 1 THEN 'scored' WHEN 2 THEN 'assessed' ELSE 'planned' END,
            symptom_assessment = COALESCE(v.symptom_assessment, x.symptom),
            conclusion = CASE WHEN x.has_cause THEN x.conclusion ELSE v.conclusion END,
            cause_assessment = COALESCE(v.cause_assessment, x.cause),
            recommendation = CASE WHEN x.has_plan THEN x.recommendation ELSE v.recommendation END,
            treatment_plan = COALESCE(v.treatment_plan, x.plan),
            updated_at = clock_timestamp(),
            version = v.version + x.taken_count
        FROM per_case x
        WHERE v.hospital_id = x.h AND v.case_id = x.c
        RETURNING v.hospital_id, v.case_id
    )
    SELECT b.n,
           CASE
               WHEN b.accepted_case IS NULL THEN 'unknown-event'
               WHEN b.accepted_case <> b.c THEN 'mismatch'
               WHEN EXISTS (SELECT 1 FROM taken t JOIN advanced d ON d.hospital_id = t.h AND d.case_id = t.c
                            WHERE t.fresh_n = b.n
                              AND NOT EXISTS (SELECT 1 FROM sections p
                                              WHERE p.h = t.h AND p.c = t.c AND p.rank < t.rank AND NOT p.in_view
                                                AND p.stored IS NULL AND p.fresh_n > b.n)) THEN 'applied'
               WHEN EXISTS (SELECT 1 FROM fresh f WHERE f.n = b.n) THEN 'recorded'
               ELSE 'duplicate'
           END
    FROM batch b ORDER BY b.n;
END
$$;

-- ------------------------------------------------------------------------------------------------ the settlement
-- settle_case_event (V5) puts the results its event's stages recorded while it was pending into the view: now only
-- their contiguous run (a plan recorded without its cause assessment waits in stage_result, as above). Unchanged
-- otherwise.
CREATE OR REPLACE FUNCTION settle_case_event(
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
            -- Only the contiguous run goes into the view; the rest waits for its missing predecessor.
            IF symptom IS NULL THEN
                cause := NULL;
            END IF;
            IF cause IS NULL THEN
                plan := NULL;
            END IF;
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

-- ------------------------------------------------------------------------------------------------ views written before
-- A view written under V8 may hold a later section without an earlier one (for the moment between two polls): it
-- drops back to its contiguous run, which the next result of its event completes (that result takes the dropped
-- sections from stage_result). Its version grows so that a cached copy (ETag) is not served again.
UPDATE case_view SET
    cause_assessment = CASE WHEN symptom_assessment IS NOT NULL THEN cause_assessment END,
    conclusion = CASE WHEN symptom_assessment IS NOT NULL AND cause_assessment IS NOT NULL THEN conclusion END,
    treatment_plan = CASE WHEN symptom_assessment IS NOT NULL AND cause_assessment IS NOT NULL THEN treatment_plan END,
    recommendation = CASE WHEN symptom_assessment IS NOT NULL AND cause_assessment IS NOT NULL
                               AND treatment_plan IS NOT NULL THEN recommendation END,
    stage = CASE WHEN symptom_assessment IS NULL THEN 'received' WHEN cause_assessment IS NULL THEN 'scored'
                 WHEN treatment_plan IS NULL THEN 'assessed' ELSE 'planned' END,
    updated_at = clock_timestamp(),
    version = version + 1
WHERE stage <> CASE WHEN symptom_assessment IS NULL THEN 'received' WHEN cause_assessment IS NULL THEN 'scored'
                    WHEN treatment_plan IS NULL THEN 'assessed' ELSE 'planned' END
   OR (symptom_assessment IS NULL AND (cause_assessment IS NOT NULL OR treatment_plan IS NOT NULL))
   OR (cause_assessment IS NULL AND treatment_plan IS NOT NULL);
