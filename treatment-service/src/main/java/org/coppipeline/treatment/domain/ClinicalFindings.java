package org.coppipeline.treatment.domain;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The parts of the case event the plan reads. Empty means unknown (absent in the event), which the rules
 * never read as normal except where the contract says so (an unknown SpO2 is compatible with mild).
 *
 * @param diabetes true only when the history lists diabetes; absent history counts as not known
 * @param relapseOnTaper true only when the event says so
 * @param dlcoPercentPredicted read by knowledge v2 only (SV-EXTENT); unknown under v1
 * @param spo2ExertionNadirPercent read by knowledge v2 only (SV-EXTENT); unknown under v1
 * @param lobesInvolved CT lobes involved, read by knowledge v2 only (SV-EXTENT); unknown under v1
 */
public record ClinicalFindings(
        OptionalDouble spo2RestPercent,
        Optional<RespiratorySupport> respiratorySupport,
        OptionalDouble crpMgPerL,
        OptionalDouble fvcPercentPredicted,
        Optional<Trajectory> trajectory,
        OptionalDouble weightKg,
        boolean diabetes,
        boolean relapseOnTaper,
        OptionalDouble currentPrednisoneMgPerDay,
        OptionalDouble dlcoPercentPredicted,
        OptionalDouble spo2ExertionNadirPercent,
        OptionalInt lobesInvolved) {

    public ClinicalFindings {
        Objects.requireNonNull(spo2RestPercent, "spo2RestPercent");
        Objects.requireNonNull(respiratorySupport, "respiratorySupport");
        Objects.requireNonNull(crpMgPerL, "crpMgPerL");
        Objects.requireNonNull(fvcPercentPredicted, "fvcPercentPredicted");
        Objects.requireNonNull(trajectory, "trajectory");
        Objects.requireNonNull(weightKg, "weightKg");
        Objects.requireNonNull(currentPrednisoneMgPerDay, "currentPrednisoneMgPerDay");
        Objects.requireNonNull(dlcoPercentPredicted, "dlcoPercentPredicted");
        Objects.requireNonNull(spo2ExertionNadirPercent, "spo2ExertionNadirPercent");
        Objects.requireNonNull(lobesInvolved, "lobesInvolved");
    }

    /** Nothing known: every measurement absent. */
    public static ClinicalFindings unknown() {
        return new ClinicalFindings(OptionalDouble.empty(), Optional.empty(), OptionalDouble.empty(),
                OptionalDouble.empty(), Optional.empty(), OptionalDouble.empty(), false, false, OptionalDouble.empty(),
                OptionalDouble.empty(), OptionalDouble.empty(), OptionalInt.empty());
    }

    public ClinicalFindings withSpo2(double value) {
        return new ClinicalFindings(OptionalDouble.of(value), respiratorySupport, crpMgPerL, fvcPercentPredicted,
                trajectory, weightKg, diabetes, relapseOnTaper, currentPrednisoneMgPerDay, dlcoPercentPredicted,
                spo2ExertionNadirPercent, lobesInvolved);
    }

    public ClinicalFindings withSupport(RespiratorySupport value) {
        return new ClinicalFindings(spo2RestPercent, Optional.of(value), crpMgPerL, fvcPercentPredicted,
                trajectory, weightKg, diabetes, relapseOnTaper, currentPrednisoneMgPerDay, dlcoPercentPredicted,
                spo2ExertionNadirPercent, lobesInvolved);
    }

    public ClinicalFindings withCrp(double value) {
        return new ClinicalFindings(spo2RestPercent, respiratorySupport, OptionalDouble.of(value), fvcPercentPredicted,
                trajectory, weightKg, diabetes, relapseOnTaper, currentPrednisoneMgPerDay, dlcoPercentPredicted,
                spo2ExertionNadirPercent, lobesInvolved);
    }

    public ClinicalFindings withFvc(double value) {
        return new ClinicalFindings(spo2RestPercent, respiratorySupport, crpMgPerL, OptionalDouble.of(value),
                trajectory, weightKg, diabetes, relapseOnTaper, currentPrednisoneMgPerDay, dlcoPercentPredicted,
                spo2ExertionNadirPercent, lobesInvolved);
    }

    public ClinicalFindings withTrajectory(Trajectory value) {
        return new ClinicalFindings(spo2RestPercent, respiratorySupport, crpMgPerL, fvcPercentPredicted,
                Optional.of(value), weightKg, diabetes, relapseOnTaper, currentPrednisoneMgPerDay, dlcoPercentPredicted,
                spo2ExertionNadirPercent, lobesInvolved);
    }

    public ClinicalFindings withWeight(double value) {
        return new ClinicalFindings(spo2RestPercent, respiratorySupport, crpMgPerL, fvcPercentPredicted,
                trajectory, OptionalDouble.of(value), diabetes, relapseOnTaper, currentPrednisoneMgPerDay, dlcoPercentPredicted,
                spo2ExertionNadirPercent, lobesInvolved);
    }

    public ClinicalFindings withDiabetes(boolean value) {
        return new ClinicalFindings(spo2RestPercent, respiratorySupport, crpMgPerL, fvcPercentPredicted,
                trajectory, weightKg, value, relapseOnTaper, currentPrednisoneMgPerDay, dlcoPercentPredicted,
                spo2ExertionNadirPercent, lobesInvolved);
    }

    public ClinicalFindings withRelapseOnTaper(boolean value) {
        return new ClinicalFindings(spo2RestPercent, respiratorySupport, crpMgPerL, fvcPercentPredicted,
                trajectory, weightKg, diabetes, value, currentPrednisoneMgPerDay, dlcoPercentPredicted,
                spo2ExertionNadirPercent, lobesInvolved);
    }

    public ClinicalFindings withCurrentPrednisone(double mgPerDay) {
        return new ClinicalFindings(spo2RestPercent, respiratorySupport, crpMgPerL, fvcPercentPredicted,
                trajectory, weightKg, diabetes, relapseOnTaper, OptionalDouble.of(mgPerDay), dlcoPercentPredicted,
                spo2ExertionNadirPercent, lobesInvolved);
    }

    public ClinicalFindings withDlco(double percentPredicted) {
        return new ClinicalFindings(spo2RestPercent, respiratorySupport, crpMgPerL, fvcPercentPredicted, trajectory,
                weightKg, diabetes, relapseOnTaper, currentPrednisoneMgPerDay, OptionalDouble.of(percentPredicted),
                spo2ExertionNadirPercent, lobesInvolved);
    }

    public ClinicalFindings withSpo2ExertionNadir(double percent) {
        return new ClinicalFindings(spo2RestPercent, respiratorySupport, crpMgPerL, fvcPercentPredicted, trajectory,
                weightKg, diabetes, relapseOnTaper, currentPrednisoneMgPerDay, dlcoPercentPredicted,
                OptionalDouble.of(percent), lobesInvolved);
    }

    public ClinicalFindings withLobesInvolved(int lobes) {
        return new ClinicalFindings(spo2RestPercent, respiratorySupport, crpMgPerL, fvcPercentPredicted, trajectory,
                weightKg, diabetes, relapseOnTaper, currentPrednisoneMgPerDay, dlcoPercentPredicted,
                spo2ExertionNadirPercent, OptionalInt.of(lobes));
    }
}
