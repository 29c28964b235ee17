package org.coppipeline.symptom.domain;

import java.util.List;

/**
 * The result of the suspicion score (CONTRACT section 3, symptomAssessment).
 *
 * @param score             sum of the contributions' points
 * @param band              why the score falls in its band (SX-BANDS)
 * @param evidenceLevelWhy  which data set the evidence level (SX-EVIDENCE-LEVEL)
 * @param counterIndicators finding codes of the negative contributions, in contribution order
 * @param statement         the fixed reminder that the score is not a probability (SX-NOT-VALIDATED)
 */
public record SuspicionAssessment(
        int score,
        Suspicion suspicion,
        Reason band,
        EvidenceLevel evidenceLevel,
        Reason evidenceLevelWhy,
        List<Contribution> contributions,
        List<String> counterIndicators,
        List<MissingData> missingData,
        Reason statement,
        List<Warning> warnings) {

    public SuspicionAssessment {
        contributions = List.copyOf(contributions);
        counterIndicators = List.copyOf(counterIndicators);
        missingData = List.copyOf(missingData);
        warnings = List.copyOf(warnings);
    }
}
