package org.coppipeline.symptom.domain;

import static org.coppipeline.symptom.domain.Wording.number;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.coppipeline.symptom.domain.CaseFacts.SymptomStatus;

/**
 * The suspicion score of CONTRACT 4.1: one small function per SX rule of cop-knowledge.md, each returning the
 * contribution it adds when it fires. A pure function of its input: the same input gives an equal result.
 */
public final class SuspicionScorer {

    static final String STATEMENT = "The suspicion score is a transparent index that has not been validated on"
            + " patients: it is not a probability of organizing pneumonia and does not replace clinical judgement.";

    private static final Set<CtFinding> CONSOLIDATION =
            EnumSet.of(CtFinding.BILATERAL_CONSOLIDATION, CtFinding.UNILATERAL_CONSOLIDATION);
    private static final Set<CtFinding> TYPICAL_DISTRIBUTION =
            EnumSet.of(CtFinding.PERIPHERAL_DISTRIBUTION, CtFinding.PERIBRONCHOVASCULAR_DISTRIBUTION);
    private static final Set<CtFinding> SUGGESTIVE_SIGNS =
            EnumSet.of(CtFinding.MIGRATORY_OPACITIES, CtFinding.REVERSED_HALO, CtFinding.PERILOBULAR_PATTERN);

    private final ScoringThresholds thresholds;
    private final MissingDataFinder missingData;
    /** In the order of the knowledge file, which is also the order of the contributions. */
    private final List<Function<CaseFacts, Optional<Contribution>>> rules;

    public SuspicionScorer(ScoringThresholds thresholds) {
        this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
        this.missingData = new MissingDataFinder(thresholds);
        this.rules = List.of(this::nonproductiveCough, this::dyspnea, this::fever, this::malaise, this::fatigue,
                this::weightLoss, this::crackles, this::typicalAge, this::subacuteDuration, this::antibioticsFailed,
                this::typicalCtConsolidation, this::suggestiveCtSign, this::lymphocyticBal, this::productiveCough,
                this::hemoptysis, this::antibioticsResolved, this::balEosinophilia, this::honeycombing, this::mass,
                this::cavitation);
    }

    public SuspicionAssessment assess(SuspicionInput input) {
        CaseFacts facts = CaseFacts.of(input);
        List<Contribution> contributions = rules.stream().map(rule -> rule.apply(facts)).flatMap(Optional::stream)
                .toList();
        int score = contributions.stream().mapToInt(Contribution::points).sum();
        Suspicion suspicion = band(score);
        EvidenceLevel level = evidenceLevel(facts);
        List<String> counterIndicators = contributions.stream().filter(c -> c.points() < 0)
                .map(Contribution::finding).toList();
        return new SuspicionAssessment(score, suspicion, bandReason(score, suspicion), level,
                evidenceLevelReason(level, facts), contributions, counterIndicators, missingData.find(facts),
                new Reason(STATEMENT, SxRule.NOT_VALIDATED.source()), facts.warnings());
    }

    // --- SX-BANDS -------------------------------------------------------------------------------------------

    public Suspicion band(int score) {
        if (score >= thresholds.highFrom()) {
            return Suspicion.HIGH;
        }
        return score >= thresholds.moderateFrom() ? Suspicion.MODERATE : Suspicion.LOW;
    }

    private Reason bandReason(int score, Suspicion suspicion) {
        String where = switch (suspicion) {
            case HIGH -> "is " + thresholds.highFrom() + " or more";
            case MODERATE -> "is within " + thresholds.moderateFrom() + ".." + (thresholds.highFrom() - 1);
            case LOW -> "is below " + thresholds.moderateFrom();
        };
        return new Reason("score " + score + " " + where + ": " + suspicion.code()
                + " suspicion (unvalidated design band limits)", SxRule.BANDS.source());
    }

    // --- SX-EVIDENCE-LEVEL ----------------------------------------------------------------------------------

    /**
     * BAL counts as "imaging" level: like CT it is an investigation beyond the bedside history (bronchoscopy is
     * normally guided by the CT), so "clinical-course" would understate it, while it shows no tissue, so
     * "histology" would overstate it. A non-diagnostic biopsy tells nothing and does not raise the level.
     */
    EvidenceLevel evidenceLevel(CaseFacts facts) {
        SuspicionInput input = facts.input();
        if (input.histology().filter(pattern -> pattern != HistologyPattern.NON_DIAGNOSTIC).isPresent()) {
            return EvidenceLevel.HISTOLOGY;
        }
        if (facts.ctRead() || balUsed(input)) {
            return EvidenceLevel.IMAGING;
        }
        if (input.symptomDurationDays().isPresent() || input.antibioticCourses().isPresent()
                || input.antibioticResponse().isPresent()) {
            return EvidenceLevel.CLINICAL_COURSE;
        }
        return EvidenceLevel.SYMPTOMS_ONLY;
    }

    private static boolean balUsed(SuspicionInput input) {
        return input.bal().filter(BalResult::hasScoredValue).isPresent();
    }

    private static Reason evidenceLevelReason(EvidenceLevel level, CaseFacts facts) {
        String text = switch (level) {
            case HISTOLOGY -> "a diagnostic histology pattern is reported (it adds no points to the score)";
            case IMAGING -> "the score uses " + (facts.ctRead() && balUsed(facts.input()) ? "chest CT and BAL"
                    : facts.ctRead() ? "chest CT" : "BAL") + " data";
            case CLINICAL_COURSE -> "the score uses the clinical course but no CT, BAL or histology";
            case SYMPTOMS_ONLY -> "the score uses symptoms and age only";
        };
        return new Reason(text, SxRule.EVIDENCE_LEVEL.source());
    }

    // --- symptoms: SX-COUGH-NONPROD .. SX-CRACKLES, SX-CI-COUGH-PROD, SX-CI-HEMOPTYSIS ----------------------

    Optional<Contribution> nonproductiveCough(CaseFacts facts) {
        return symptom(facts, Symptom.NONPRODUCTIVE_COUGH,
                "a dry cough belongs to the usual weeks-long, flu-like onset");
    }

    Optional<Contribution> dyspnea(CaseFacts facts) {
        return symptom(facts, Symptom.DYSPNEA, "breathlessness, usually mild, is part of the typical picture");
    }

    Optional<Contribution> fever(CaseFacts facts) {
        return symptom(facts, Symptom.FEVER, "fever is frequent at onset");
    }

    Optional<Contribution> malaise(CaseFacts facts) {
        return symptom(facts, Symptom.MALAISE, "feeling generally unwell is part of the systemic illness");
    }

    Optional<Contribution> fatigue(CaseFacts facts) {
        return symptom(facts, Symptom.FATIGUE,
                "fatigue is part of the systemic illness; scored apart from malaise by design");
    }

    Optional<Contribution> weightLoss(CaseFacts facts) {
        return symptom(facts, Symptom.WEIGHT_LOSS, "weight loss goes with the subacute course");
    }

    Optional<Contribution> crackles(CaseFacts facts) {
        return symptom(facts, Symptom.CRACKLES, "inspiratory crackles were heard in 68% of the founding series");
    }

    Optional<Contribution> productiveCough(CaseFacts facts) {
        return symptom(facts, Symptom.PRODUCTIVE_COUGH,
                "the cough of COP is described as dry; sputum production favours infection");
    }

    Optional<Contribution> hemoptysis(CaseFacts facts) {
        return symptom(facts, Symptom.HEMOPTYSIS, "hemoptysis is rare in COP and points to other diagnoses");
    }

    private static Optional<Contribution> symptom(CaseFacts facts, Symptom symptom, String rationale) {
        if (facts.status(symptom) != SymptomStatus.PRESENT) {
            return Optional.empty();
        }
        return Optional.of(contribution(SxRule.forSymptom(symptom), symptom.code(), rationale));
    }

    // --- age and course ---------------------------------------------------------------------------------------

    /** SX-AGE-40-70 (the window is configuration; the rule id keeps the contract's default). */
    Optional<Contribution> typicalAge(CaseFacts facts) {
        int min = thresholds.ageMinYears();
        int max = thresholds.ageMaxYears();
        return facts.input().ageYears().filter(age -> age >= min && age <= max)
                .map(age -> contribution(SxRule.AGE_40_70, "typical-age",
                        "age within " + min + ".." + max + " years, the usual age band (many patients are older)"));
    }

    /** SX-DURATION-SUBACUTE */
    Optional<Contribution> subacuteDuration(CaseFacts facts) {
        int min = thresholds.durationMinDays();
        int max = thresholds.durationMaxDays();
        return facts.input().symptomDurationDays().filter(days -> days >= min && days <= max)
                .map(days -> contribution(SxRule.DURATION_SUBACUTE, "subacute-duration", "symptoms for " + min
                        + ".." + max + " days: the subacute course typical of COP (4-10 weeks before diagnosis)"));
    }

    /** SX-ABX-FAILED */
    Optional<Contribution> antibioticsFailed(CaseFacts facts) {
        SuspicionInput input = facts.input();
        boolean treated = input.antibioticCourses().filter(courses -> courses >= 1).isPresent();
        boolean failed = input.antibioticResponse()
                .filter(r -> r == AntibioticResponse.NONE || r == AntibioticResponse.PARTIAL).isPresent();
        if (!(treated && failed)) {
            return Optional.empty();
        }
        return Optional.of(contribution(SxRule.ABX_FAILED, "antibiotic-failure",
                "no or partial response to antibiotics: COP is often first treated as bacterial pneumonia"));
    }

    /** SX-CI-ABX-RESOLVED */
    Optional<Contribution> antibioticsResolved(CaseFacts facts) {
        return facts.input().antibioticResponse().filter(r -> r == AntibioticResponse.RESOLVED)
                .map(r -> contribution(SxRule.CI_ABX_RESOLVED, "antibiotic-response-resolved",
                        "full recovery on antibiotics suggests infectious pneumonia, the main mimic"));
    }

    // --- CT ---------------------------------------------------------------------------------------------------

    /** SX-CT-TYPICAL */
    Optional<Contribution> typicalCtConsolidation(CaseFacts facts) {
        Set<CtFinding> findings = facts.scoredCtFindings();
        if (!anyOf(findings, CONSOLIDATION) || !anyOf(findings, TYPICAL_DISTRIBUTION)) {
            return Optional.empty();
        }
        return Optional.of(contribution(SxRule.CT_TYPICAL, "typical-ct-consolidation",
                "consolidation with peripheral or peribronchovascular distribution, the hallmark CT picture"));
    }

    /** SX-CT-SIGN: one contribution however many of the signs are seen. */
    Optional<Contribution> suggestiveCtSign(CaseFacts facts) {
        List<String> signs = facts.scoredCtFindings().stream().filter(SUGGESTIVE_SIGNS::contains).sorted()
                .map(CtFinding::code).toList();
        if (signs.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(contribution(SxRule.CT_SIGN, "suggestive-ct-sign", "suggestive CT sign ("
                + String.join(", ", signs) + "); the reversed halo is also seen in fungal infection and tumours"));
    }

    /** SX-CI-HONEYCOMB */
    Optional<Contribution> honeycombing(CaseFacts facts) {
        return ctCounterIndicator(facts, CtFinding.HONEYCOMBING, SxRule.CI_HONEYCOMB,
                "honeycombing suggests a fibrosing disease: organizing pneumonia keeps the lung architecture");
    }

    /** SX-CI-MASS */
    Optional<Contribution> mass(CaseFacts facts) {
        return ctCounterIndicator(facts, CtFinding.MASS, SxRule.CI_MASS,
                "a mass calls for cancer or lymphoma to be excluded first, though focal OP can look like one");
    }

    /** SX-CI-CAVITATION */
    Optional<Contribution> cavitation(CaseFacts facts) {
        return ctCounterIndicator(facts, CtFinding.CAVITATION, SxRule.CI_CAVITATION,
                "cavitation points to abscess, mycobacteria, fungi or tumour");
    }

    private static Optional<Contribution> ctCounterIndicator(CaseFacts facts, CtFinding finding, SxRule rule,
            String rationale) {
        if (!facts.scoredCtFindings().contains(finding)) {
            return Optional.empty();
        }
        return Optional.of(contribution(rule, finding.code(), rationale));
    }

    private static boolean anyOf(Set<CtFinding> findings, Set<CtFinding> wanted) {
        return findings.stream().anyMatch(wanted::contains);
    }

    // --- BAL --------------------------------------------------------------------------------------------------

    /** SX-BAL-LYMPHO: both values must be known. */
    Optional<Contribution> lymphocyticBal(CaseFacts facts) {
        double above = thresholds.balLymphocytePercentAbove();
        double below = thresholds.cd4Cd8RatioBelow();
        boolean fires = facts.input().bal()
                .filter(bal -> bal.lymphocytePercent().filter(l -> l > above).isPresent())
                .filter(bal -> bal.cd4Cd8Ratio().filter(r -> r < below).isPresent())
                .isPresent();
        if (!fires) {
            return Optional.empty();
        }
        return Optional.of(contribution(SxRule.BAL_LYMPHO, "lymphocytic-bal-low-cd4-cd8", "BAL lymphocytes above "
                + number(above) + " % with CD4/CD8 below " + number(below) + " fit organizing pneumonia"));
    }

    /** SX-CI-BAL-EOS */
    Optional<Contribution> balEosinophilia(CaseFacts facts) {
        double above = thresholds.balEosinophilPercentAbove();
        return facts.input().bal().flatMap(BalResult::eosinophilPercent).filter(e -> e > above)
                .map(e -> contribution(SxRule.CI_BAL_EOS, "bal-eosinophilia", "BAL eosinophils above "
                        + number(above) + " % suggest chronic eosinophilic pneumonia, which can look identical on CT"));
    }

    private static Contribution contribution(SxRule rule, String finding, String rationale) {
        return new Contribution(finding, rule.points(), rationale, rule.source());
    }
}
