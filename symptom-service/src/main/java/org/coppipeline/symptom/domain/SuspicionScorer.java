package org.coppipeline.symptom.domain;

import static org.coppipeline.symptom.domain.Wording.number;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.coppipeline.symptom.domain.CaseFacts.SymptomStatus;
import org.coppipeline.symptom.domain.RuleSet.CaseRule;

/**
 * The suspicion score of CONTRACT 4.1 and its knowledge v2 (section 9): one small function per SX rule of
 * cop-knowledge.md, each returning the contribution it adds when it fires, and per knowledge version a {@link RuleSet}
 * naming the rules that apply. A pure function of its input and version: the same input gives an equal result.
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
    /** v2: a consolidation whose side the report does not state counts too. */
    private static final Set<CtFinding> CONSOLIDATION_V2 = EnumSet.of(CtFinding.BILATERAL_CONSOLIDATION,
            CtFinding.UNILATERAL_CONSOLIDATION, CtFinding.CONSOLIDATION);
    private static final Set<CtFinding> TYPICAL_DISTRIBUTION =
            EnumSet.of(CtFinding.PERIPHERAL_DISTRIBUTION, CtFinding.PERIBRONCHOVASCULAR_DISTRIBUTION);
    /** In code order, which is the order the reason names them in. */
    private static final List<CtFinding> SUGGESTIVE_SIGNS =
            List.of(CtFinding.MIGRATORY_OPACITIES, CtFinding.REVERSED_HALO, CtFinding.PERILOBULAR_PATTERN);
    private static final int REVERSED_HALO_BIT = 1 << SUGGESTIVE_SIGNS.indexOf(CtFinding.REVERSED_HALO);

    private final ScoringThresholds thresholds;
    private final KnowledgeV2Thresholds v2Thresholds;
    private final Map<KnowledgeVersion, RuleSet> ruleSets = new EnumMap<>(KnowledgeVersion.class);
    private final Optional<Contribution> typicalAge;
    private final Optional<Contribution> typicalAgeV2;
    private final Optional<Contribution> subacuteDuration;
    private final Optional<Contribution> lymphocyticBal;
    private final Optional<Contribution> balEosinophilia;

    /** Knowledge v2's own numbers at the contract's defaults. */
    public SuspicionScorer(ScoringThresholds thresholds) {
        this(thresholds, KnowledgeV2Thresholds.defaults());
    }

    public SuspicionScorer(ScoringThresholds thresholds, KnowledgeV2Thresholds v2Thresholds) {
        this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
        this.v2Thresholds = Objects.requireNonNull(v2Thresholds, "v2Thresholds");
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
        this.typicalAgeV2 = Optional.of(contribution(SxRuleV2.AGE_40_80, "typical-age", "age within "
                + v2Thresholds.ageMinYears() + ".." + v2Thresholds.ageMaxYears()
                + " years, the usual age band (the mean age of a nationwide series was 67)"));
        ruleSets.put(KnowledgeVersion.V1, v1());
        ruleSets.put(KnowledgeVersion.V2, v2());
    }

    /** Knowledge v1: every rule of cop-knowledge.md section 4.1, in the file's order. */
    private RuleSet v1() {
        return new RuleSet(List.of(this::nonproductiveCough, this::dyspnea, this::fever,
                this::malaise, this::fatigue, this::weightLoss, this::crackles, this::typicalAge, this::subacuteDuration,
                this::antibioticsFailed, this::typicalCtConsolidation, this::suggestiveCtSign, this::lymphocyticBal,
                this::productiveCough, this::hemoptysis, this::antibioticsResolved, this::balEosinophilia,
                this::honeycombing, this::mass, this::cavitation),
                List.of(), List.of(),
                new MissingDataFinder(thresholds, SxRule.AGE_40_70, SxRule.CT_TYPICAL.points() + SxRule.CT_SIGN.points(),
                        SxRule.CI_HONEYCOMB.points() + SxRule.CI_MASS.points() + SxRule.CI_CAVITATION.points()),
                false);
    }

    /** Knowledge v2: v1 with the rules of "Knowledge v2" in their places (nodules after the typical CT). */
    private RuleSet v2() {
        return new RuleSet(List.of(this::nonproductiveCough, this::dyspnea, this::fever,
                this::malaise, this::fatigue, this::weightLoss, this::crackles, this::typicalAgeV2,
                this::subacuteDuration, this::antibioticsFailed, this::typicalCtV2, this::nodules,
                this::suggestiveCtSignV2, this::lymphocyticBal, this::productiveCough, this::hemoptysis,
                this::antibioticsResolved, this::balEosinophilia, this::honeycombing, this::massV2, this::cavitation),
                List.of(this::reversedHaloNotCounted), List.of(this::immuneStateDecidesReversedHalo),
                new MissingDataFinder(thresholds.withAgeWindow(v2Thresholds.ageMinYears(), v2Thresholds.ageMaxYears()),
                        SxRuleV2.AGE_40_80,
                        SxRuleV2.CT_TYPICAL.points() + SxRuleV2.CT_NODULES.points() + SxRuleV2.CT_SIGN.points(),
                        SxRule.CI_HONEYCOMB.points() + SxRuleV2.CI_MASS.points() + SxRule.CI_CAVITATION.points()),
                true);
    }

    public SuspicionAssessment assess(SuspicionInput input, KnowledgeVersion version) {
        RuleSet rules = ruleSets.get(Objects.requireNonNull(version, "version"));
        CaseFacts facts = CaseFacts.of(input);
        List<Contribution> contributions = fired(rules.rules(), facts);
        int score = 0;
        List<String> counterIndicators = new ArrayList<>();
        for (Contribution contribution : contributions) {
            score += contribution.points();
            if (contribution.points() < 0) {
                counterIndicators.add(contribution.finding());
            }
        }
        EvidenceLevel level = evidenceLevel(facts);
        Suspicion suspicion = band(score);
        Reason bandReason;
        if (rules.capsSymptomsOnly() && level == EvidenceLevel.SYMPTOMS_ONLY && suspicion == Suspicion.HIGH) {
            suspicion = Suspicion.MODERATE;
            bandReason = symptomsOnlyCapReason(score);
        } else {
            bandReason = bandReason(score, suspicion);
        }
        List<MissingData> missing = rules.missingData().find(facts);
        missing.addAll(fired(rules.missing(), facts));
        List<Warning> warnings = facts.warnings();
        if (!rules.warnings().isEmpty()) {
            warnings = new ArrayList<>(warnings);
            warnings.addAll(fired(rules.warnings(), facts));
        }
        return new SuspicionAssessment(score, suspicion, bandReason, level, evidenceLevelReason(level, facts),
                contributions, counterIndicators, missing, STATEMENT_REASON, warnings);
    }

    /** What the rules say about the case, in the rules' order. */
    private static <T> List<T> fired(List<CaseRule<T>> rules, CaseFacts facts) {
        List<T> fired = new ArrayList<>();
        for (CaseRule<T> rule : rules) {
            Optional<T> result = rule.apply(facts);
            if (result.isPresent()) {
                fired.add(result.get());
            }
        }
        return fired;
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

    /** SX-CAP-SYMPTOMS-ONLY (v2): the score stays as it is, only its band stops at moderate. */
    private Reason symptomsOnlyCapReason(int score) {
        return new Reason("score " + score + " is " + thresholds.highFrom() + " or more, but it rests on symptoms and"
                + " age only: moderate suspicion at most until the clinical course, a CT, BAL or histology is known"
                + " (unvalidated design band limits)", SxRuleV2.CAP_SYMPTOMS_ONLY.source());
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
        return inWindow(facts.input().ageYears(), thresholds.ageMinYears(), thresholds.ageMaxYears())
                ? typicalAge : Optional.empty();
    }

    /** SX-AGE-40-80 (v2; the window is configuration). */
    Optional<Contribution> typicalAgeV2(CaseFacts facts) {
        return inWindow(facts.input().ageYears(), v2Thresholds.ageMinYears(), v2Thresholds.ageMaxYears())
                ? typicalAgeV2 : Optional.empty();
    }

    private static boolean inWindow(Optional<Integer> value, int min, int max) {
        return value.isPresent() && value.get() >= min && value.get() <= max;
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
    private static final List<Optional<Contribution>> CT_SIGN_BY_COMBINATION = ctSignContributions(SxRule.CT_SIGN,
            "the reversed halo is also seen in fungal infection and tumours");
    /** v2, the patient not known to be immunocompromised. */
    private static final List<Optional<Contribution>> CT_SIGN_V2_BY_COMBINATION = ctSignContributions(
            SxRuleV2.CT_SIGN, "the reversed halo is also seen in fungal infection and tumours, and does not count in an"
                    + " immunocompromised patient");
    /** v2, an immunocompromised patient: indexed by the combination without the reversed halo. */
    private static final List<Optional<Contribution>> CT_SIGN_V2_IMMUNOCOMPROMISED = ctSignContributions(
            SxRuleV2.CT_SIGN, "a reversed halo is not counted: in an immunocompromised patient it suggests invasive"
                    + " mould infection");
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
        return CT_SIGN_BY_COMBINATION.get(signCombination(facts));
    }

    private static int signCombination(CaseFacts facts) {
        Set<CtFinding> findings = facts.scoredCtFindings();
        int combination = 0;
        for (int i = 0; i < SUGGESTIVE_SIGNS.size(); i++) {
            if (findings.contains(SUGGESTIVE_SIGNS.get(i))) {
                combination |= 1 << i;
            }
        }
        return combination;
    }

    private static List<Optional<Contribution>> ctSignContributions(KnowledgeRule rule, String note) {
        List<Optional<Contribution>> byCombination = new ArrayList<>();
        byCombination.add(Optional.empty());
        for (int combination = 1; combination < 1 << SUGGESTIVE_SIGNS.size(); combination++) {
            List<String> signs = new ArrayList<>();
            for (int i = 0; i < SUGGESTIVE_SIGNS.size(); i++) {
                if ((combination & 1 << i) != 0) {
                    signs.add(SUGGESTIVE_SIGNS.get(i).code());
                }
            }
            byCombination.add(Optional.of(contribution(rule, "suggestive-ct-sign", "suggestive CT sign ("
                    + String.join(", ", signs) + "); " + note)));
        }
        return List.copyOf(byCombination);
    }

    /** SX-CI-HONEYCOMB */
    Optional<Contribution> honeycombing(CaseFacts facts) {
        return ifSeen(facts, CtFinding.HONEYCOMBING, HONEYCOMBING);
    }

    /** SX-CI-MASS */
    Optional<Contribution> mass(CaseFacts facts) {
        return ifSeen(facts, CtFinding.MASS, MASS);
    }

    /** SX-CI-CAVITATION */
    Optional<Contribution> cavitation(CaseFacts facts) {
        return ifSeen(facts, CtFinding.CAVITATION, CAVITATION);
    }

    private static Optional<Contribution> ifSeen(CaseFacts facts, CtFinding finding, Optional<Contribution> whenSeen) {
        return facts.scoredCtFindings().contains(finding) ? whenSeen : Optional.empty();
    }

    // --- CT, knowledge v2: SX-CT-TYPICAL, SX-CT-NODULES, SX-CT-SIGN, SX-CI-MASS ---------------------------------

    private static final Optional<Contribution> TYPICAL_CT_V2 = Optional.of(contribution(SxRuleV2.CT_TYPICAL,
            "typical-ct-consolidation",
            "consolidation with peripheral or peribronchovascular distribution, the hallmark CT picture"));
    private static final Optional<Contribution> TYPICAL_CT_AND_OP_PATTERN = Optional.of(contribution(
            SxRuleV2.CT_TYPICAL, "typical-ct-consolidation", "consolidation with peripheral or peribronchovascular"
                    + " distribution and a reported organizing-pneumonia pattern: one hallmark picture, counted once"));
    private static final Optional<Contribution> OP_PATTERN = Optional.of(contribution(SxRuleV2.CT_TYPICAL,
            "typical-ct-op-pattern", "the radiologist reports a pattern typical of organizing pneumonia"));
    private static final Optional<Contribution> NODULES = Optional.of(contribution(SxRuleV2.CT_NODULES,
            CtFinding.NODULES.code(), "multiple nodules: the nodular form of organizing pneumonia"));
    private static final Optional<Contribution> MASS_V2 = Optional.of(contribution(SxRuleV2.CI_MASS,
            CtFinding.MASS.code(), "a mass calls for cancer or lymphoma to be excluded, but focal OP often looks like"
                    + " one, so it weighs little"));
    private static final Optional<Warning> REVERSED_HALO_NOT_COUNTED = Optional.of(new Warning(WarningLevel.WARNING,
            "reversed-halo-immunocompromised", "a reversed halo in an immunocompromised patient suggests invasive"
                    + " mould infection (e.g. mucormycosis); it adds no points to the suspicion score"));
    private static final Optional<MissingData> IMMUNE_STATE = Optional.of(new MissingData("/patient/immunocompromised",
            "the reversed halo does not count in an immunocompromised patient: that would "
                    + Wording.pointsEffect(-SxRuleV2.CT_SIGN.points())));

    /** SX-CT-TYPICAL (v2): consolidation of either side or of unstated side, or a reported OP pattern; never 8. */
    Optional<Contribution> typicalCtV2(CaseFacts facts) {
        Set<CtFinding> findings = facts.scoredCtFindings();
        boolean consolidation = anyOf(findings, CONSOLIDATION_V2) && anyOf(findings, TYPICAL_DISTRIBUTION);
        boolean opPattern = findings.contains(CtFinding.OP_PATTERN);
        if (consolidation) {
            return opPattern ? TYPICAL_CT_AND_OP_PATTERN : TYPICAL_CT_V2;
        }
        return opPattern ? OP_PATTERN : Optional.empty();
    }

    /** SX-CT-NODULES (v2) */
    Optional<Contribution> nodules(CaseFacts facts) {
        return ifSeen(facts, CtFinding.NODULES, NODULES);
    }

    /** SX-CT-SIGN (v2): as in v1, but a reversed halo counts only in a patient not known to be immunocompromised. */
    Optional<Contribution> suggestiveCtSignV2(CaseFacts facts) {
        int combination = signCombination(facts);
        if ((combination & REVERSED_HALO_BIT) != 0 && immunocompromised(facts)) {
            return CT_SIGN_V2_IMMUNOCOMPROMISED.get(combination & ~REVERSED_HALO_BIT);
        }
        return CT_SIGN_V2_BY_COMBINATION.get(combination);
    }

    /** SX-CI-MASS (v2) */
    Optional<Contribution> massV2(CaseFacts facts) {
        return ifSeen(facts, CtFinding.MASS, MASS_V2);
    }

    /** SX-CT-SIGN (v2): a reported reversed halo that scored nothing is named, with the diagnosis it suggests. */
    Optional<Warning> reversedHaloNotCounted(CaseFacts facts) {
        return facts.scoredCtFindings().contains(CtFinding.REVERSED_HALO) && immunocompromised(facts)
                ? REVERSED_HALO_NOT_COUNTED : Optional.empty();
    }

    /**
     * SX-CT-SIGN (v2): when the reversed halo is the only sign scored and the platform does not say whether the
     * patient is immunocompromised, that flag could still take the points away.
     */
    Optional<MissingData> immuneStateDecidesReversedHalo(CaseFacts facts) {
        return signCombination(facts) == REVERSED_HALO_BIT
                && facts.input().immuneHistory().reportedImmunocompromised().isEmpty() && !immunocompromised(facts)
                ? IMMUNE_STATE : Optional.empty();
    }

    private boolean immunocompromised(CaseFacts facts) {
        return facts.input().immuneHistory().immunocompromised(v2Thresholds.immunocompromisingPrednisoneMgPerDay());
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

    private static Contribution contribution(KnowledgeRule rule, String finding, String rationale) {
        return new Contribution(finding, rule.points(), rationale, rule.source());
    }
}
