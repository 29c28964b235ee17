package org.coppipeline.symptom.domain;

import java.util.List;
import java.util.Optional;

/**
 * One knowledge version of the suspicion score as data: its scoring rules in the order of the knowledge file (which
 * is also the order of the contributions), the checks that add a warning or a missing-data entry of that version
 * only, what its missing-data entries say, and whether symptoms-only evidence caps the band (SX-CAP-SYMPTOMS-ONLY).
 */
record RuleSet(
        List<CaseRule<Contribution>> rules,
        List<CaseRule<Warning>> warnings,
        List<CaseRule<MissingData>> missing,
        MissingDataFinder missingData,
        boolean capsSymptomsOnly) {

    /** One small named rule: what it says about a case, if anything. */
    @FunctionalInterface
    interface CaseRule<T> {
        Optional<T> apply(CaseFacts facts);
    }

    RuleSet {
        rules = List.copyOf(rules);
        warnings = List.copyOf(warnings);
        missing = List.copyOf(missing);
    }
}
