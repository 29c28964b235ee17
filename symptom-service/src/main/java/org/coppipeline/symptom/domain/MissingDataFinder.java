package org.coppipeline.symptom.domain;

import static org.coppipeline.symptom.domain.Wording.number;
import static org.coppipeline.symptom.domain.Wording.pointsEffect;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.coppipeline.symptom.domain.CaseFacts.SymptomStatus;

/**
 * Lists every unknown input that could still change the score, so a reader knows what the score does not yet
 * know. An unknown that cannot change the result (e.g. the number of antibiotic courses once the response is
 * "resolved") is not listed.
 */
final class MissingDataFinder {

    private final ScoringThresholds thresholds;

    MissingDataFinder(ScoringThresholds thresholds) {
        this.thresholds = thresholds;
    }

    List<MissingData> find(CaseFacts facts) {
        SuspicionInput input = facts.input();
        List<MissingData> missing = new ArrayList<>();
        if (input.ageYears().isEmpty()) {
            missing.add(new MissingData("/patient/ageYears", "an age within " + thresholds.ageMinYears() + ".."
                    + thresholds.ageMaxYears() + " years would " + pointsEffect(SxRule.AGE_40_70.points())));
        }
        symptoms(facts, missing);
        course(input, missing);
        if (!facts.ctRead()) {
            missing.add(new MissingData("/imaging/ct", "no performed CT: its findings could "
                    + pointsEffect(SxRule.CT_TYPICAL.points() + SxRule.CT_SIGN.points()) + " at most or "
                    + pointsEffect(SxRule.CI_HONEYCOMB.points() + SxRule.CI_MASS.points()
                            + SxRule.CI_CAVITATION.points())
                    + " at most"));
        }
        bal(input.bal(), missing);
        return missing;
    }

    private static void symptoms(CaseFacts facts, List<MissingData> missing) {
        for (Symptom symptom : Symptom.values()) {
            String effect = "if present it would " + pointsEffect(SxRule.forSymptom(symptom).points());
            SymptomStatus status = facts.status(symptom);
            if (status == SymptomStatus.NOT_LISTED) {
                missing.add(new MissingData("/symptoms", symptom.code() + " is not listed: " + effect));
            } else if (status == SymptomStatus.CONFLICTING) {
                missing.add(new MissingData("/symptoms",
                        symptom.code() + " is listed both present and absent: " + effect));
            }
        }
    }

    private void course(SuspicionInput input, List<MissingData> missing) {
        if (input.symptomDurationDays().isEmpty()) {
            missing.add(new MissingData("/course/symptomDurationDays",
                    "a duration within " + thresholds.durationMinDays() + ".." + thresholds.durationMaxDays()
                            + " days would " + pointsEffect(SxRule.DURATION_SUBACUTE.points())));
        }
        boolean resolved = input.antibioticResponse().filter(r -> r == AntibioticResponse.RESOLVED).isPresent();
        if (input.antibioticCourses().isEmpty() && !resolved) {
            missing.add(new MissingData("/course/antibioticCourses",
                    "at least one course with response none or partial would "
                            + pointsEffect(SxRule.ABX_FAILED.points())));
        }
        // With no course given, a response is not something to ask for (and would itself be odd).
        boolean mayHaveHadCourse = input.antibioticCourses().map(courses -> courses >= 1).orElse(true);
        if (input.antibioticResponse().isEmpty() && mayHaveHadCourse) {
            missing.add(new MissingData("/course/antibioticResponse",
                    "none or partial after a course would " + pointsEffect(SxRule.ABX_FAILED.points())
                            + "; resolved would " + pointsEffect(SxRule.CI_ABX_RESOLVED.points())));
        }
    }

    private void bal(Optional<BalResult> bal, List<MissingData> missing) {
        String lymphocytes = "lymphocytes above " + number(thresholds.balLymphocytePercentAbove()) + " %";
        String ratio = "CD4/CD8 below " + number(thresholds.cd4Cd8RatioBelow());
        String eosinophils = "eosinophils above " + number(thresholds.balEosinophilPercentAbove()) + " %";
        String lymphoEffect = pointsEffect(SxRule.BAL_LYMPHO.points());
        String eosEffect = pointsEffect(SxRule.CI_BAL_EOS.points());
        if (bal.isEmpty()) {
            missing.add(new MissingData("/bal", lymphocytes + " with " + ratio + " would " + lymphoEffect + "; "
                    + eosinophils + " would " + eosEffect));
            return;
        }
        BalResult result = bal.get();
        boolean ratioAllows = result.cd4Cd8Ratio().map(r -> r < thresholds.cd4Cd8RatioBelow()).orElse(true);
        if (result.lymphocytePercent().isEmpty() && ratioAllows) {
            missing.add(new MissingData("/bal/lymphocytePercent",
                    lymphocytes + " (with " + ratio + ") would " + lymphoEffect));
        }
        boolean lymphocytesAllow = result.lymphocytePercent()
                .map(l -> l > thresholds.balLymphocytePercentAbove()).orElse(true);
        if (result.cd4Cd8Ratio().isEmpty() && lymphocytesAllow) {
            missing.add(new MissingData("/bal/cd4Cd8Ratio", ratio + " (with " + lymphocytes + ") would " + lymphoEffect));
        }
        if (result.eosinophilPercent().isEmpty()) {
            missing.add(new MissingData("/bal/eosinophilPercent", eosinophils + " would " + eosEffect));
        }
    }
}
