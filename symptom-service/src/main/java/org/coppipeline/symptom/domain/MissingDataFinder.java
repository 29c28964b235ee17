package org.coppipeline.symptom.domain;

import static org.coppipeline.symptom.domain.Wording.number;
import static org.coppipeline.symptom.domain.Wording.pointsEffect;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.coppipeline.symptom.domain.CaseFacts.SymptomStatus;

/**
 * Lists every unknown input that could still change the score, so a reader knows what the score does not yet
 * know. An unknown that cannot change the result (e.g. the number of antibiotic courses once the response is
 * "resolved") is not listed.
 *
 * <p>Each entry depends only on the thresholds, never on the case, so all of them are built once here (immutable
 * records): an assessment only picks the ones that apply.
 */
final class MissingDataFinder {

    /** Symptom.values() clones its array on every call. */
    private static final Symptom[] SYMPTOMS = Symptom.values();

    private final ScoringThresholds thresholds;

    private final MissingData age;
    private final Map<Symptom, MissingData> symptomNotListed = new EnumMap<>(Symptom.class);
    private final Map<Symptom, MissingData> symptomConflicting = new EnumMap<>(Symptom.class);
    private final MissingData duration;
    private final MissingData antibioticCourses;
    private final MissingData antibioticResponse;
    private final MissingData ct;
    private final MissingData bal;
    private final MissingData balLymphocytes;
    private final MissingData balRatio;
    private final MissingData balEosinophils;

    /**
     * @param ageRule           the version's age rule, with thresholds holding its window
     * @param ctMostAdded       the most points a CT's findings can add in this version
     * @param ctMostSubtracted  the most points they can subtract (a negative number)
     */
    MissingDataFinder(ScoringThresholds thresholds, KnowledgeRule ageRule, int ctMostAdded, int ctMostSubtracted) {
        this.thresholds = thresholds;
        age = new MissingData("/patient/ageYears", "an age within " + thresholds.ageMinYears() + ".."
                + thresholds.ageMaxYears() + " years would " + pointsEffect(ageRule.points()));
        for (Symptom symptom : Symptom.values()) {
            String effect = "if present it would " + pointsEffect(SxRule.forSymptom(symptom).points());
            symptomNotListed.put(symptom, new MissingData("/symptoms", symptom.code() + " is not listed: " + effect));
            symptomConflicting.put(symptom, new MissingData("/symptoms",
                    symptom.code() + " is listed both present and absent: " + effect));
        }
        duration = new MissingData("/course/symptomDurationDays",
                "a duration within " + thresholds.durationMinDays() + ".." + thresholds.durationMaxDays()
                        + " days would " + pointsEffect(SxRule.DURATION_SUBACUTE.points()));
        antibioticCourses = new MissingData("/course/antibioticCourses",
                "at least one course with response none or partial would " + pointsEffect(SxRule.ABX_FAILED.points()));
        antibioticResponse = new MissingData("/course/antibioticResponse",
                "none or partial after a course would " + pointsEffect(SxRule.ABX_FAILED.points())
                        + "; resolved would " + pointsEffect(SxRule.CI_ABX_RESOLVED.points()));
        ct = new MissingData("/imaging/ct", "no performed CT: its findings could " + pointsEffect(ctMostAdded)
                + " at most or " + pointsEffect(ctMostSubtracted) + " at most");
        String lymphocytes = "lymphocytes above " + number(thresholds.balLymphocytePercentAbove()) + " %";
        String ratio = "CD4/CD8 below " + number(thresholds.cd4Cd8RatioBelow());
        String eosinophils = "eosinophils above " + number(thresholds.balEosinophilPercentAbove()) + " %";
        String lymphoEffect = pointsEffect(SxRule.BAL_LYMPHO.points());
        String eosEffect = pointsEffect(SxRule.CI_BAL_EOS.points());
        bal = new MissingData("/bal", lymphocytes + " with " + ratio + " would " + lymphoEffect + "; "
                + eosinophils + " would " + eosEffect);
        balLymphocytes = new MissingData("/bal/lymphocytePercent",
                lymphocytes + " (with " + ratio + ") would " + lymphoEffect);
        balRatio = new MissingData("/bal/cd4Cd8Ratio", ratio + " (with " + lymphocytes + ") would " + lymphoEffect);
        balEosinophils = new MissingData("/bal/eosinophilPercent", eosinophils + " would " + eosEffect);
    }

    List<MissingData> find(CaseFacts facts) {
        SuspicionInput input = facts.input();
        List<MissingData> missing = new ArrayList<>();
        if (input.ageYears().isEmpty()) {
            missing.add(age);
        }
        symptoms(facts, missing);
        course(input, missing);
        if (!facts.ctRead()) {
            missing.add(ct);
        }
        bal(input.bal(), missing);
        return missing;
    }

    private void symptoms(CaseFacts facts, List<MissingData> missing) {
        for (Symptom symptom : SYMPTOMS) {
            SymptomStatus status = facts.status(symptom);
            if (status == SymptomStatus.NOT_LISTED) {
                missing.add(symptomNotListed.get(symptom));
            } else if (status == SymptomStatus.CONFLICTING) {
                missing.add(symptomConflicting.get(symptom));
            }
        }
    }

    private void course(SuspicionInput input, List<MissingData> missing) {
        if (input.symptomDurationDays().isEmpty()) {
            missing.add(duration);
        }
        Optional<AntibioticResponse> response = input.antibioticResponse();
        Optional<Integer> courses = input.antibioticCourses();
        boolean resolved = response.isPresent() && response.get() == AntibioticResponse.RESOLVED;
        if (courses.isEmpty() && !resolved) {
            missing.add(antibioticCourses);
        }
        // With no course given, a response is not something to ask for (and would itself be odd).
        boolean mayHaveHadCourse = courses.isEmpty() || courses.get() >= 1;
        if (response.isEmpty() && mayHaveHadCourse) {
            missing.add(antibioticResponse);
        }
    }

    private void bal(Optional<BalResult> balResult, List<MissingData> missing) {
        if (balResult.isEmpty()) {
            missing.add(bal);
            return;
        }
        BalResult result = balResult.get();
        Optional<Double> ratio = result.cd4Cd8Ratio();
        Optional<Double> lymphocytes = result.lymphocytePercent();
        boolean ratioAllows = ratio.isEmpty() || ratio.get() < thresholds.cd4Cd8RatioBelow();
        if (lymphocytes.isEmpty() && ratioAllows) {
            missing.add(balLymphocytes);
        }
        boolean lymphocytesAllow = lymphocytes.isEmpty() || lymphocytes.get() > thresholds.balLymphocytePercentAbove();
        if (ratio.isEmpty() && lymphocytesAllow) {
            missing.add(balRatio);
        }
        if (result.eosinophilPercent().isEmpty()) {
            missing.add(balEosinophils);
        }
    }
}
