package org.coppipeline.gateway.audit;

import java.util.UUID;

/**
 * One access to case data (CONTRACT 1.1): who (the token's sub), for which hospital, what, on which case or with which
 * query, and the HTTP status answered. Ids, names and statuses only: never a value of a case event.
 *
 * @param caseId  the case read or written, when the request names one
 * @param eventId the event posted, when the body named a valid one; the event replayed or whose replay was read
 * @param query   a list's query: parameter names and their validated values (see CaseResource); for a replay or an
 *                impact run, its id and the validated request values (replayId=..., impactId=...&from=...&to=...)
 * @param outcome the HTTP status; 0 until it is known
 */
public record AuditEntry(String actor, String hospitalId, String action, String caseId, UUID eventId, String query,
        int outcome) {

    public static final String VIEW_CASE = "case.view";
    public static final String LIST_CASES = "case.list";
    public static final String READ_HISTORY = "case.history";
    public static final String POST_EVENT = "case-event.post";
    /** CONTRACT 6: a FHIR Bundle submitted (the event it maps to goes the POST_EVENT way, audited under this action). */
    public static final String POST_FHIR_BUNDLE = "fhir-bundle.post";
    /** CONTRACT 6: a FHIR Bundle mapped without being stored ($map): the answer holds case data. */
    public static final String MAP_FHIR_BUNDLE = "fhir-bundle.map";
    /** CONTRACT 7: a CDS hook whose prefetch became an event of the patient's suite case (actor: the CDS client). */
    public static final String CDS_HOOK = "cds-hook.post";
    public static final String READ_AUDIT = "audit-event.list";
    /** CONTRACT 9: a replay asked for (it copies the case's sections as its baseline) and a replay report read. */
    public static final String REQUEST_REPLAY = "case-replay.post";
    public static final String READ_REPLAY = "case-replay.view";
    /** CONTRACT 9: an impact run asked for (it replays every selected case of the hospital) and its report read. */
    public static final String REQUEST_IMPACT = "knowledge-impact.post";
    public static final String READ_IMPACT = "knowledge-impact.view";

    /** Longest actor, case id or query kept; longer ones are cut (they are ids, so a prefix still identifies). */
    static final int MAX_TEXT = 256;

    public AuditEntry {
        actor = storable(actor == null || actor.isEmpty() ? "(no subject)" : actor);
        caseId = caseId == null ? null : storable(caseId);
        query = query == null ? null : storable(query);
    }

    public static AuditEntry of(String actor, String hospitalId, String action, String caseId, String query) {
        return new AuditEntry(actor, hospitalId, action, caseId, null, query, 0);
    }

    public AuditEntry withOutcome(int status) {
        return new AuditEntry(actor, hospitalId, action, caseId, eventId, query, status);
    }

    public AuditEntry withEvent(String caseId, UUID eventId) {
        return new AuditEntry(actor, hospitalId, action, caseId, eventId, query, outcome);
    }

    public AuditEntry withQuery(String query) {
        return new AuditEntry(actor, hospitalId, action, caseId, eventId, query, outcome);
    }

    /**
     * PostgreSQL text cannot hold U+0000 and Unicode has no unpaired surrogates: such characters (possible in a token's
     * sub, which its issuer chose) become U+FFFD, so that the audit row is always written. At most MAX_TEXT chars.
     */
    static String storable(String text) {
        String cut = text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
        StringBuilder out = null;
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < cut.length() && Character.isLowSurrogate(cut.charAt(i + 1));
            boolean bad = c == '\u0000' || (Character.isSurrogate(c) && !pair);
            if (bad && out == null) {
                out = new StringBuilder(cut.substring(0, i));
            }
            if (out != null) {
                out.append(bad ? '\uFFFD' : c);
                if (pair) {
                    out.append(cut.charAt(i + 1));
                }
            }
            if (pair) {
                i++;
            }
        }
        return out == null ? cut : out.toString();
    }
}
