package org.coppipeline.symptom.domain;

import static org.coppipeline.symptom.domain.Wording.number;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.coppipeline.symptom.domain.CaseFacts.SymptomStatus;

/**
 * The suspicion score of CONTRACT 4.1: one small function per SX rule of cop-knowledge.md, each returning the
 * contribution it adds when it fires. A pure function of its input: the same input gives an equal result.
 */
public final class SuspicionScorer {

    // Performance note: the score runs once per record and must never be the pipeline's bottleneck. Every reason,
    // contribution and missing-data entry that depends only on the rules and the thresholds is therefore built once
    // (immutable records, shared safely between threads); an evaluation allocates little more than what depends on
    // the input (the SX-BANDS reason, one string, is still written per score).

    static final String STATEMENT = "The suspicion score is a transparent index that has not been validated on"
            + " patients: it is not a probability of organizing pneumonia and does not replace clinical judgement.";

    private static final Reason STATEMENT_REASON = new Reason(STATEMENT, SxRule.NOT_VALIDATED.source());

    private static final Set<CtFinding> CONSOLIDATION =
            EnumSet.of(CtFinding.BILATERAL_CONSOLIDATION, CtFinding.UNILATERAL_CONSOLIDATION);
    private static final Set<CtFinding> TYPICAL_DISTRIBUTION =
            EnumSet.of(CtFinding.PERIPHERAL_DISTRIBUTION, CtFinding.PERIBRONCHOVASCULAR_DISTRIBUTION);
    /** In code order, which is the order the reason names them in. */
    private static final List<CtFinding> SUGGESTIVE_SIGNS =
            List.of(CtFinding.MIGRATORY_OPACITIES, CtFinding.REVERSED_HALO, CtFinding.PERILOBULAR_PATTERN);

    private final ScoringThresholds thresholds;
    private final MissingDataFinder missingData;
    private final Optional<Contribution> typicalAge;
    private final Optional<Contribution> subacuteDuration;
    private final Optional<Contribution> lymphocyticBal;
    private final Optional<Contribution> balEosinophilia;

    public SuspicionScorer(ScoringThresholds thresholds) {
        this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
        this.missingData = new MissingDataFinder(thresholds);
        int minAge = thresholds.ageMinYears();
        int maxAge = thresholds.ageMaxYears();
        this.typicalAge = Optional.of(contribution(SxRule.AGE_40_70, "typical-age",
                "age within " + minAge + ".." + maxAge + " years, the usual age band (many patients are older)"));
        int minDays = thresholds.durationMinDays();
        int maxDays = thresholds.durationMaxDays();
        this.subacuteDuration = Optional.of(contribution(SxRule.DURATION_SUBACUTE, "subacute-duration", "symptoms for "
                + minDays + ".." + maxDays + " days: the subacute course typical of COP (4-10 weeks before diagnosis)"));
        this.lymphocyticBal = Optional.of(contribution(SxRule.BAL_LYMPHO, "lymphocytic-bal-low-cd4-cd8",
                "BAL lymphocytes above " + number(thresholds.balLymphocytePercentAbove()) + " % with CD4/CD8 below "
                        + number(thresholds.cd4Cd8RatioBelow()) + " fit organizing pneumonia"));
        this.balEosinophilia = Optional.of(contribution(SxRule.CI_BAL_EOS, "bal-eosinophilia", "BAL eosinophils above "
                + number(thresholds.balEosinophilPercentAbove())
                + " % suggest chronic eosinophilic pneumonia, which can look identical on CT"));
    }

    public SuspicionAssessment assess(SuspicionInput input) {
        CaseFacts facts = CaseFacts.of(input);
        List<Contribution> contributions = contributions(facts);
        int score = 0;
        List<String> counterIndicators = new ArrayList<>();
        for (Contribution contribution : contributions) {
            score += contribution.points();
            if (contribution.points() < 0) {
                counterIndicators.add(contribution.finding());
            }
        }
        Suspicion suspicion = band(score);
        EvidenceLevel level = evidenceLevel(facts);
        return new SuspicionAssessment(score, suspicion, bandReason(score, suspicion), level,
                evidenceLevelReason(level, facts), contributions, counterIndicators, missingData.find(facts),
                STATEMENT_REASON, facts.warnings());
    }

    /** Every rule, in the order of the knowledge file, which is also the order of the contributions. */
    private List<Contribution> contributions(CaseFacts facts) {
        List<Contribution> fired = new ArrayList<>();
        add(fired, nonproductiveCough(facts));
        add(fired, dyspnea(facts));
        add(fired, fever(facts));
        add(fired, malaise(facts));
        add(fired, fatigue(facts));
        add(fired, weightLoss(facts));
        add(fired, crackles(facts));
        add(fired, typicalAge(facts));
        add(fired, subacuteDuration(facts));
        add(fired, antibioticsFailed(facts));
        add(fired, typicalCtConsolidation(facts));
        add(fired, suggestiveCtSign(facts));
        add(fired, lymphocyticBal(facts));
        add(fired, productiveCough(facts));
        add(fired, hemoptysis(facts));
        add(fired, antibioticsResolved(facts));
        add(fired, balEosinophilia(facts));
        add(fired, honeycombing(facts));
        add(fired, mass(facts));
        add(fired, cavitation(facts));
        return fired;
    }

    private static void add(List<Contribution> fired, Optional<Contribution> contribution) {
        if (contribution.isPresent()) {
            fired.add(contribution.get());
        }
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

    private static final Reason HISTOLOGY_LEVEL = evidenceReason(
            "a diagnostic histology pattern is reported (it adds no points to the score)");
    private static final Reason IMAGING_LEVEL_CT_AND_BAL = evidenceReason("the score uses chest CT and BAL data");
    private static final Reason IMAGING_LEVEL_CT = evidenceReason("the score uses chest CT data");
    private static final Reason IMAGING_LEVEL_BAL = evidenceReason("the score uses BAL data");
    private static final Reason CLINICAL_COURSE_LEVEL = evidenceReason(
            "the score uses the clinical course but no CT, BAL or histology");
    private static final Reason SYMPTOMS_ONLY_LEVEL = evidenceReason("the score uses symptoms and age only");

    /**
     * BAL counts as "imaging" level: like CT it is an investigation beyond the bedside history (bronchoscopy is
     * normally guided by the CT), so "clinical-course" would understate it, while it shows no tissue, so
     * "histology" would overstate it. A non-diagnostic biopsy tells nothing and does not raise the level.
     */
    EvidenceLevel evidenceLevel(CaseFacts facts) {
        SuspicionInput input = facts.input();
        Optional<HistologyPattern> histology = input.histology();
        if (histology.isPresent() && histology.get() != HistologyPattern.NON_DIAGNOSTIC) {
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
        return input.bal().isPresent() && input.bal().get().hasScoredValue();
    }

    private static Reason evidenceLevelReason(EvidenceLevel level, CaseFacts facts) {
        return switch (level) {
            case HISTOLOGY -> HISTOLOGY_LEVEL;
            case IMAGING -> facts.ctRead() && balUsed(facts.input()) ? IMAGING_LEVEL_CT_AND_BAL
                    : facts.ctRead() ? IMAGING_LEVEL_CT : IMAGING_LEVEL_BAL;
            case CLINICAL_COURSE -> CLINICAL_COURSE_LEVEL;
            case SYMPTOMS_ONLY -> SYMPTOMS_ONLY_LEVEL;
        };
    }

    private static Reason evidenceReason(String text) {
        return new Reason(text, SxRule.EVIDENCE_LEVEL.source());
    }

    // --- symptoms: SX-COUGH-NONPROD .. SX-CRACKLES, SX-CI-COUGH-PROD, SX-CI-HEMOPTYSIS ----------------------

    private static final Optional<Contribution> NONPRODUCTIVE_COUGH = symptomContribution(Symptom.NONPRODUCTIVE_COUGH,
            "a dry cough belongs to the usual weeks-long, flu-like onset");
    private static final Optional<Contribution> DYSPNEA = symptomContribution(Symptom.DYSPNEA,
            "breathlessness, usually mild, is part of the typical picture");
    private static final Optional<Contribution> FEVER = symptomContribution(Symptom.FEVER, "fever is frequent at onset");
    private static final Optional<Contribution> MALAISE = symptomContribution(Symptom.MALAISE,
            "feeling generally unwell is part of the systemic illness");
    private static final Optional<Contribution> FATIGUE = symptomContribution(Symptom.FATIGUE,
            "fatigue is part of the systemic illness; scored apart from malaise by design");
    private static final Optional<Contribution> WEIGHT_LOSS = symptomContribution(Symptom.WEIGHT_LOSS,
            "weight loss goes with the subacute course");
    private static final Optional<Contribution> CRACKLES = symptomContribution(Symptom.CRACKLES,
            "inspiratory crackles were heard in 68% of the founding series");
    private static final Optional<Contribution> PRODUCTIVE_COUGH = symptomContribution(Symptom.PRODUCTIVE_COUGH,
            "the cough of COP is described as dry; sputum production favours infection");
    private static final Optional<Contribution> HEMOPTYSIS = symptomContribution(Symptom.HEMOPTYSIS,
            "hemoptysis is rare in COP and points to other diagnoses");

    Optional<Contribution> nonproductiveCough(CaseFacts facts) {
        return ifPresent(facts, Symptom.NONPRODUCTIVE_COUGH, NONPRODUCTIVE_COUGH);
    }

    Optional<Contribution> dyspnea(CaseFacts facts) {
        return ifPresent(facts, Symptom.DYSPNEA, DYSPNEA);
    }

    Optional<Contribution> fever(CaseFacts facts) {
        return ifPresent(facts, Symptom.FEVER, FEVER);
    }

    Optional<Contribution> malaise(CaseFacts facts) {
        return ifPresent(facts, Symptom.MALAISE, MALAISE);
    }

    Optional<Contribution> fatigue(CaseFacts facts) {
        return ifPresent(facts, Symptom.FATIGUE, FATIGUE);
    }

    Optional<Contribution> weightLoss(CaseFacts facts) {
        return ifPresent(facts, Symptom.WEIGHT_LOSS, WEIGHT_LOSS);
    }

    Optional<Contribution> crackles(CaseFacts facts) {
        return ifPresent(facts, Symptom.CRACKLES, CRACKLES);
    }

    Optional<Contribution> productiveCough(CaseFacts facts) {
        return ifPresent(facts, Symptom.PRODUCTIVE_COUGH, PRODUCTIVE_COUGH);
    }

    Optional<Contribution> hemoptysis(CaseFacts facts) {
        return ifPresent(facts, Symptom.HEMOPTYSIS, HEMOPTYSIS);
    }

    private static Optional<Contribution> ifPresent(CaseFacts facts, Symptom symptom, Optional<Contribution> whenPresent) {
        return facts.status(symptom) == SymptomStatus.PRESENT ? whenPresent : Optional.empty();
    }

    private static Optional<Contribution> symptomContribution(Symptom symptom, String rationale) {
        return Optional.of(contribution(SxRule.forSymptom(symptom), symptom.code(), rationale));
    }

    // --- age and course ---------------------------------------------------------------------------------------

    /** SX-AGE-40-70 (the window is configuration; the rule id keeps the contract's default). */
    Optional<Contribution> typicalAge(CaseFacts facts) {
        Optional<Integer> age = facts.input().ageYears();
        boolean typical = age.isPresent() && age.get() >= thresholds.ageMinYears() && age.get() <= thresholds.ageMaxYears();
        return typical ? typicalAge : Optional.empty();
    }

    /** SX-DURATION-SUBACUTE */
    Optional<Contribution> subacuteDuration(CaseFacts facts) {
        Optional<Integer> days = facts.input().symptomDurationDays();
        boolean subacute = days.isPresent() && days.get() >= thresholds.durationMinDays()
                && days.get() <= thresholds.durationMaxDays();
        return subacute ? subacuteDuration : Optional.empty();
    }

    private static final Optional<Contribution> ANTIBIOTICS_FAILED = Optional.of(contribution(SxRule.ABX_FAILED,
            "antibiotic-failure", "no or partial response to antibiotics: COP is often first treated as bacterial pneumonia"));
    private static final Optional<Contribution> ANTIBIOTICS_RESOLVED = Optional.of(contribution(SxRule.CI_ABX_RESOLVED,
            "antibiotic-response-resolved", "full recovery on antibiotics suggests infectious pneumonia, the main mimic"));

    /** SX-ABX-FAILED */
    Optional<Contribution> antibioticsFailed(CaseFacts facts) {
        SuspicionInput input = facts.input();
        Optional<Integer> courses = input.antibioticCourses();
        Optional<AntibioticResponse> response = input.antibioticResponse();
        boolean treated = courses.isPresent() && courses.get() >= 1;
        boolean failed = response.isPresent()
                && (response.get() == AntibioticResponse.NONE || response.get() == AntibioticResponse.PARTIAL);
        return treated && failed ? ANTIBIOTICS_FAILED : Optional.empty();
    }

    /** SX-CI-ABX-RESOLVED */
    Optional<Contribution> antibioticsResolved(CaseFacts facts) {
        Optional<AntibioticResponse> response = facts.input().antibioticResponse();
        return response.isPresent() && response.get() == AntibioticResponse.RESOLVED
                ? ANTIBIOTICS_RESOLVED : Optional.empty();
    }

    // --- CT ---------------------------------------------------------------------------------------------------

    private static final Optional<Contribution> TYPICAL_CT = Optional.of(contribution(SxRule.CT_TYPICAL,
            "typical-ct-consolidation",
            "consolidation with peripheral or peribronchovascular distribution, the hallmark CT picture"));
    /** SX-CT-SIGN for each combination of signs seen: bit i of the index stands for SUGGESTIVE_SIGNS.get(i). */
    private static final List<Optional<Contribution>> CT_SIGN_BY_COMBINATION = ctSignContributions();
    private static final Optional<Contribution> HONEYCOMBING = Optional.of(contribution(SxRule.CI_HONEYCOMB,
            CtFinding.HONEYCOMBING.code(),
            "honeycombing suggests a fibrosing disease: organizing pneumonia keeps the lung architecture"));
    private static final Optional<Contribution> MASS = Optional.of(contribution(SxRule.CI_MASS, CtFinding.MASS.code(),
            "a mass calls for cancer or lymphoma to be excluded first, though focal OP can look like one"));
    private static final Optional<Contribution> CAVITATION = Optional.of(contribution(SxRule.CI_CAVITATION,
            CtFinding.CAVITATION.code(), "cavitation points to abscess, mycobacteria, fungi or tumour"));

    /** SX-CT-TYPICAL */
    Optional<Contribution> typicalCtConsolidation(CaseFacts facts) {
        Set<CtFinding> findings = facts.scoredCtFindings();
        if (!anyOf(findings, CONSOLIDATION) || !anyOf(findings, TYPICAL_DISTRIBUTION)) {
            return Optional.empty();
        }
        return TYPICAL_CT;
    }

    /** SX-CT-SIGN: one contribution however many of the signs are seen. */
    Optional<Contribution> suggestiveCtSign(CaseFacts facts) {
        Set<CtFinding> findings = facts.scoredCtFindings();
        int combination = 0;
        for (int i = 0; i < SUGGESTIVE_SIGNS.size(); i++) {
            if (findings.contains(SUGGESTIVE_SIGNS.get(i))) {
                combination |= 1 << i;
            }
        }
        return CT_SIGN_BY_COMBINATION.get(combination);
    }

    private static List<Optional<Contribution>> ctSignContributions() {
        List<Optional<Contribution>> byCombination = new ArrayList<>();
        byCombination.add(Optional.empty());
        for (int combination = 1; combination < 1 << SUGGESTIVE_SIGNS.size(); combination++) {
            List<String> signs = new ArrayList<>();
            for (int i = 0; i < SUGGESTIVE_SIGNS.size(); i++) {
                if ((combination & 1 << i) != 0) {
                    signs.add(SUGGESTIVE_SIGNS.get(i).code());
                }
            }
            byCombination.add(Optional.of(contribution(SxRule.CT_SIGN, "suggestive-ct-sign", "suggestive CT sign ("
                    + String.join(", ", signs) + "); the reversed halo is also seen in fungal infection and tumours")));
        }
        return List.copyOf(byCombination);
    }

    /** SX-CI-HONEYCOMB */
    Optional<Contribution> honeycombing(CaseFacts facts) {
        return ctCounterIndicator(facts, CtFinding.HONEYCOMBING, HONEYCOMBING);
    }

    /** SX-CI-MASS */
    Optional<Contribution> mass(CaseFacts facts) {
        return ctCounterIndicator(facts, CtFinding.MASS, MASS);
    }

    /** SX-CI-CAVITATION */
    Optional<Contribution> cavitation(CaseFacts facts) {
        return ctCounterIndicator(facts, CtFinding.CAVITATION, CAVITATION);
    }

    private static Optional<Contribution> ctCounterIndicator(CaseFacts facts, CtFinding finding,
            Optional<Contribution> whenSeen) {
        return facts.scoredCtFindings().contains(finding) ? whenSeen : Optional.empty();
    }

    private static boolean anyOf(Set<CtFinding> findings, Set<CtFinding> wanted) {
        for (CtFinding finding : wanted) {
            if (findings.contains(finding)) {
                return true;
            }
        }
        return false;
    }

    // --- BAL --------------------------------------------------------------------------------------------------

    /** SX-BAL-LYMPHO: both values must be known. */
    Optional<Contribution> lymphocyticBal(CaseFacts facts) {
        Optional<BalResult> bal = facts.input().bal();
        if (bal.isEmpty()) {
            return Optional.empty();
        }
        Optional<Double> lymphocytes = bal.get().lymphocytePercent();
        Optional<Double> ratio = bal.get().cd4Cd8Ratio();
        boolean fires = lymphocytes.isPresent() && lymphocytes.get() > thresholds.balLymphocytePercentAbove()
                && ratio.isPresent() && ratio.get() < thresholds.cd4Cd8RatioBelow();
        return fires ? lymphocyticBal : Optional.empty();
    }

    /** SX-CI-BAL-EOS */
    Optional<Contribution> balEosinophilia(CaseFacts facts) {
        Optional<BalResult> bal = facts.input().bal();
        if (bal.isEmpty()) {
            return Optional.empty();
        }
        Optional<Double> eosinophils = bal.get().eosinophilPercent();
        return eosinophils.isPresent() && eosinophils.get() > thresholds.balEosinophilPercentAbove()
                ? balEosinophilia : Optional.empty();
    }

    private static Contribution contribution(SxRule rule, String finding, String rationale) {
        return new Contribution(finding, rule.points(), rationale, rule.source());
    }
}
