-- The projector off the per-record path (issue 15): a polled batch of stage results (all three topics) is written by
-- one call of one set-based statement instead of one plpgsql call per record; sections are kept as the stages wrote
-- them; the read model keeps only the indexes its queries use.

-- ------------------------------------------------------------------------------------------------ sections as json
-- A section is stored as it arrives (json: checked to be JSON, kept as text) instead of being rebuilt into jsonb on
-- every write and rendered back to text on every read: nothing looks inside a stored section but the list, for two
-- values (suspicion, severity: ->> on json) of the 50 rows of a page, and the intake's settlement (settle_case_event,
-- V5), for conclusion and recommendation, which reads them into jsonb variables (json and jsonb convert into each other
-- on assignment). The replay's baselines (replay_run, V4) stay jsonb: they are copied by INSERT ... SELECT, an
-- assignment too.
ALTER TABLE case_view
    ALTER COLUMN symptom_assessment TYPE json USING CAST(symptom_assessment AS json),
    ALTER COLUMN cause_assessment TYPE json USING CAST(cause_assessment AS json),
    ALTER COLUMN treatment_plan TYPE json USING CAST(treatment_plan AS json);
ALTER TABLE stage_result ALTER COLUMN result TYPE json USING CAST(result AS json);

-- ------------------------------------------------------------------------------------------------ indexes
-- Measured with EXPLAIN (ANALYZE) on 4 hospitals x 1,500 cases (bench/ExplainReadModel; plans in gateway/README.md):
-- the list uses each of case_view's four indexes (updated: no filter, updatedAfter, cursor; conclusion, recommendation
-- and stage: its filter, even a common value), the view its primary key, the history page stage_result_case_idx and
-- accepted_event's. No read uses stage_result's primary key (id): the history orders by (recorded_at, id) within a
-- case from stage_result_case_idx. The unique key (hospital_id, event_id, stage), which the write's ON CONFLICT,
-- the settlement and the replay look up, becomes the primary key instead: one index less to write per result.
ALTER TABLE stage_result DROP CONSTRAINT stage_result_pkey;
ALTER TABLE stage_result DROP CONSTRAINT stage_result_event_stage_key;
ALTER TABLE stage_result ADD CONSTRAINT stage_result_pkey PRIMARY KEY (hospital_id, event_id, stage);

-- ------------------------------------------------------------------------------------------------ the write
-- project_stage_results: one polled batch, the arrays holding one result each at the same index. Answers one row
-- per result (item 1..n, outcome), exactly what V5's project_stage_result would have answered for each had they
-- been written one by one in that order:
--   the cases' advisory locks first, all of them, in the order of their lock ids (a separate statement: what follows
--   must see what a settlement committed while this waited for its lock);
--   'unknown-event' when the hospital has no such event (e.g. its POST failed), 'mismatch' when the record names
--   another case than the accepted event: nothing stored;
--   a result is kept once per (hospital, event, stage): within the batch the first one counts, later ones (and any
--   already stored) are 'duplicate', unless the view takes them (below);
--   the view takes, from the first result of each stage of its current event, the one section that stage owns
--   (case-scored -> symptomAssessment, case-assessed -> causeAssessment, case-planned -> treatmentPlan; conclusion and
--   recommendation from those sections only) when it lacks it, and its stage moves forward only: 'applied', its
--   version bumped once per applied result (as one by one), updated_at stamped; else 'recorded' (kept in the history)
--   or 'duplicate'. A pending event is never a view's current event: its results are recorded (its settlement puts
--   them into the view).
-- Two results of one case in one batch thus give what they give one by one: a view fills a section once, and a
-- section present always comes with a stage at least its own (every writer keeps it so), so which of a batch's
-- results apply depends only on the view before the batch, not on their order; their order decides only which of two
-- results of one stage and event is kept (the first) and the order of the history rows (inserted in batch order:
-- ids and clock_timestamp() stamps ascend).
CREATE FUNCTION project_stage_results(
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
    -- The firsts that the view of their case takes: its current event's, for a section it lacks (or a later stage).
    taken AS (
        SELECT f.* FROM firsts f
        JOIN case_view v ON v.hospital_id = f.h AND v.case_id = f.c AND v.event_id = f.e
        WHERE case_stage_rank(v.stage) < case_stage_rank(f.s)
           OR (f.s = 'scored' AND v.symptom_assessment IS NULL)
           OR (f.s = 'assessed' AND v.cause_assessment IS NULL)
           OR (f.s = 'planned' AND v.treatment_plan IS NULL)
    ),
    per_case AS (
        SELECT h, c, count(*) AS applied,
               (array_agg(s ORDER BY case_stage_rank(s) DESC))[1] AS top_stage,
               (array_agg(doc) FILTER (WHERE s = 'scored'))[1] AS symptom,
               (array_agg(doc) FILTER (WHERE s = 'assessed'))[1] AS cause,
               (array_agg(doc) FILTER (WHERE s = 'planned'))[1] AS plan,
               bool_or(s = 'assessed') AS has_cause,
               bool_or(s = 'planned') AS has_plan,
               (array_agg(conclusion) FILTER (WHERE s = 'assessed'))[1] AS conclusion,
               (array_agg(recommendation) FILTER (WHERE s = 'planned'))[1] AS recommendation
        FROM taken GROUP BY h, c
    ),
    advanced AS (
        UPDATE case_view v SET
            stage = CASE WHEN case_stage_rank(v.stage) < case_stage_rank(x.top_stage) THEN x.top_stage ELSE v.stage END,
            symptom_assessment = COALESCE(v.symptom_assessment, x.symptom),
            conclusion = CASE WHEN x.has_cause AND v.cause_assessment IS NULL THEN x.conclusion ELSE v.conclusion END,
            cause_assessment = COALESCE(v.cause_assessment, x.cause),
            recommendation = CASE WHEN x.has_plan AND v.treatment_plan IS NULL THEN x.recommendation
                                  ELSE v.recommendation END,
            treatment_plan = COALESCE(v.treatment_plan, x.plan),
            updated_at = clock_timestamp(),
            version = v.version + x.applied
        FROM per_case x
        WHERE v.hospital_id = x.h AND v.case_id = x.c
        RETURNING v.hospital_id, v.case_id
    )
    SELECT b.n,
           CASE
               WHEN b.accepted_case IS NULL THEN 'unknown-event'
               WHEN b.accepted_case <> b.c THEN 'mismatch'
               WHEN EXISTS (SELECT 1 FROM taken t JOIN advanced d ON d.hospital_id = t.h AND d.case_id = t.c
                            WHERE t.n = b.n) THEN 'applied'
               WHEN EXISTS (SELECT 1 FROM firsts f JOIN inserted i ON i.hospital_id = f.h AND i.event_id = f.e
                                                                  AND i.stage = f.s
                            WHERE f.n = b.n) THEN 'recorded'
               ELSE 'duplicate'
           END
    FROM batch b ORDER BY b.n;
END
$$;

-- V5's one-result function, kept for a rolling upgrade (a replica of the previous version still calls it while the new
-- one runs): the same answer, through the set-based write.
DROP FUNCTION project_stage_result(text, uuid, text, text, text, text, text, text, text);
CREATE FUNCTION project_stage_result(
        p_hospital_id text, p_event_id uuid, p_case_id text, p_stage text, p_section text, p_result text,
        p_knowledge_version text, p_conclusion text, p_recommendation text)
    RETURNS text
    LANGUAGE sql
    AS $$
    SELECT outcome FROM project_stage_results(ARRAY[p_hospital_id], ARRAY[p_event_id], ARRAY[p_case_id],
                                              ARRAY[p_stage], ARRAY[p_result], ARRAY[p_knowledge_version],
                                              ARRAY[p_conclusion], ARRAY[p_recommendation])
$$;
