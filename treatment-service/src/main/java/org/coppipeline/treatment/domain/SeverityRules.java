package org.coppipeline.treatment.domain;

import static org.coppipeline.treatment.domain.Numbers.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * CONTRACT 4.3 severity: severe, else mild when both mild conditions hold, else moderate (SV-*). A knowledge version
 * may add floors: findings that keep a case at least moderate, never mild (v2: SV-EXTENT).
 */
public final class SeverityRules {

    /** A finding that, when known and beyond its limit, makes a case at least moderate: the reason, or empty. */
    @FunctionalInterface
    public interface ModerateFloor {
        Optional<Reason> check(ClinicalFindings findings, TreatmentThresholds thresholds);
    }

    // Criteria whose wording depends on nothing but an enum value are built once.
    private static final Optional<Reason> INVASIVE = Optional.of(
            new Reason("on invasive ventilation: severe", Knowledge.SV_SEVERE_INVASIVE));
    private static final Optional<Reason> HIGH_FLOW = supportReason(RespiratorySupport.HIGH_FLOW);
    private static final Optional<Reason> NON_INVASIVE = supportReason(RespiratorySupport.NON_INVASIVE);
    private static final Optional<Reason> RAPID = Optional.of(
            new Reason("rapidly progressive course: severe", Knowledge.SV_SEVERE_RAPID));
    private static final Optional<Reason> SPO2_UNKNOWN = Optional.of(new Reason(
            "resting SpO2 unknown: counted as compatible with mild, which can under-grade severity", Knowledge.SV_MILD_SPO2));
    private static final Optional<Reason> IMPROVING = Optional.of(new Reason("course improving", Knowledge.SV_MILD_IMPROVING));

    public static SeverityAssessment assess(ClinicalFindings findings, TreatmentThresholds thresholds,
            List<ModerateFloor> moderateFloors) {
        List<Reason> severe = new ArrayList<>(4);
        addIfPresent(severe, severeBySpo2(findings, thresholds));
        addIfPresent(severe, severeByInvasiveVentilation(findings));
        addIfPresent(severe, severeByHighFlowOrNonInvasive(findings));
        addIfPresent(severe, severeByRapidProgression(findings));
        if (!severe.isEmpty()) {
            return new SeverityAssessment(Severity.SEVERE, severe);
        }
        Optional<Reason> saturation = mildSaturation(findings, thresholds);
        Optional<Reason> course = mildByImproving(findings).or(() -> mildByStableLowCrp(findings, thresholds));
        List<Reason> floors = floors(findings, thresholds, moderateFloors);
        boolean mildConditions = saturation.isPresent() && course.isPresent();
        if (mildConditions && floors.isEmpty()) {
            return new SeverityAssessment(Severity.MILD, List.of(saturation.get(), course.get()));
        }
        if (mildConditions) {
            // mild by the v1 conditions, kept moderate by the floors alone: they are the whole reason
            return new SeverityAssessment(Severity.MODERATE, floors);
        }
        Reason moderate = moderate(findings, thresholds, saturation.isPresent(), course.isPresent());
        if (floors.isEmpty()) {
            return new SeverityAssessment(Severity.MODERATE, List.of(moderate));
        }
        List<Reason> criteria = new ArrayList<>(1 + floors.size());
        criteria.add(moderate);
        criteria.addAll(floors);
        return new SeverityAssessment(Severity.MODERATE, criteria);
    }

    private static List<Reason> floors(ClinicalFindings findings, TreatmentThresholds thresholds, List<ModerateFloor> moderateFloors) {
        if (moderateFloors.isEmpty()) {
            return List.of();
        }
        List<Reason> reasons = new ArrayList<>(moderateFloors.size());
        for (ModerateFloor floor : moderateFloors) {
            addIfPresent(reasons, floor.check(findings, thresholds));
        }
        return reasons;
    }

    /** SV-EXTENT (v2): a known DLCO below the limit (BMJ-BP's marker of severe disease). */
    static Optional<Reason> moderateByDlco(ClinicalFindings findings, TreatmentThresholds thresholds) {
        if (findings.dlcoPercentPredicted().isPresent()
                && findings.dlcoPercentPredicted().getAsDouble() < thresholds.dlcoModerateBelowPercent()) {
            return Optional.of(new Reason("DLCO " + format(findings.dlcoPercentPredicted().getAsDouble()) + "% predicted is below "
                    + format(thresholds.dlcoModerateBelowPercent()) + "%: at least moderate, never mild", Knowledge.SV_EXTENT));
        }
        return Optional.empty();
    }

    /** SV-EXTENT (v2): a known SpO2 nadir on exertion below the limit (walking desaturation). */
    static Optional<Reason> moderateByExertionNadir(ClinicalFindings findings, TreatmentThresholds thresholds) {
        if (findings.spo2ExertionNadirPercent().isPresent()
                && findings.spo2ExertionNadirPercent().getAsDouble() < thresholds.spo2ExertionModerateBelowPercent()) {
            return Optional.of(new Reason("SpO2 nadir on exertion " + format(findings.spo2ExertionNadirPercent().getAsDouble())
                    + "% is below " + format(thresholds.spo2ExertionModerateBelowPercent()) + "%: at least moderate, never mild",
                    Knowledge.SV_EXTENT));
        }
        return Optional.empty();
    }

    /** SV-EXTENT (v2): a known number of lobes involved on CT at least the limit (radiographic extent, multilobe disease). */
    static Optional<Reason> moderateByLobes(ClinicalFindings findings, TreatmentThresholds thresholds) {
        if (findings.lobesInvolved().isPresent() && findings.lobesInvolved().getAsInt() >= thresholds.lobesModerateAtLeast()) {
            return Optional.of(new Reason(findings.lobesInvolved().getAsInt() + " lobes involved on CT (at least "
                    + thresholds.lobesModerateAtLeast() + "): at least moderate, never mild", Knowledge.SV_EXTENT));
        }
        return Optional.empty();
    }

    /** SV-SEVERE-SPO2: resting SpO2 below the severe limit. */
    static Optional<Reason> severeBySpo2(ClinicalFindings findings, TreatmentThresholds thresholds) {
        if (findings.spo2RestPercent().isPresent()
                && findings.spo2RestPercent().getAsDouble() < thresholds.spo2SevereBelowPercent()) {
            return Optional.of(new Reason("resting SpO2 " + format(findings.spo2RestPercent().getAsDouble())
                    + "% is below " + format(thresholds.spo2SevereBelowPercent()) + "%: severe", Knowledge.SV_SEVERE_SPO2));
        }
        return Optional.empty();
    }

    /** SV-SEVERE-INVASIVE: invasive ventilation. */
    static Optional<Reason> severeByInvasiveVentilation(ClinicalFindings findings) {
        return is(findings.respiratorySupport(), RespiratorySupport.INVASIVE) ? INVASIVE : Optional.empty();
    }

    /** SV-SEVERE-NIV-HFNC: high-flow oxygen or non-invasive ventilation. */
    static Optional<Reason> severeByHighFlowOrNonInvasive(ClinicalFindings findings) {
        Optional<RespiratorySupport> support = findings.respiratorySupport();
        if (is(support, RespiratorySupport.HIGH_FLOW)) {
            return HIGH_FLOW;
        }
        return is(support, RespiratorySupport.NON_INVASIVE) ? NON_INVASIVE : Optional.empty();
    }

    /** SV-SEVERE-RAPID: rapidly progressive course. */
    static Optional<Reason> severeByRapidProgression(ClinicalFindings findings) {
        return is(findings.trajectory(), Trajectory.RAPIDLY_PROGRESSIVE) ? RAPID : Optional.empty();
    }

    /** SV-MILD-SPO2: resting SpO2 at least the mild limit, or unknown. */
    static Optional<Reason> mildSaturation(ClinicalFindings findings, TreatmentThresholds thresholds) {
        if (findings.spo2RestPercent().isEmpty()) {
            return SPO2_UNKNOWN;
        }
        double spo2 = findings.spo2RestPercent().getAsDouble();
        if (spo2 >= thresholds.spo2MildAtLeastPercent()) {
            return Optional.of(new Reason("resting SpO2 " + format(spo2) + "% is at least "
                    + format(thresholds.spo2MildAtLeastPercent()) + "%", Knowledge.SV_MILD_SPO2));
        }
        return Optional.empty();
    }

    /** SV-MILD-IMPROVING: the course is improving. */
    static Optional<Reason> mildByImproving(ClinicalFindings findings) {
        return is(findings.trajectory(), Trajectory.IMPROVING) ? IMPROVING : Optional.empty();
    }

    /** SV-MILD-CRP: a stable course with a known CRP at most the limit; an unknown CRP never counts. */
    static Optional<Reason> mildByStableLowCrp(ClinicalFindings findings, TreatmentThresholds thresholds) {
        if (is(findings.trajectory(), Trajectory.STABLE) && findings.crpMgPerL().isPresent()
                && findings.crpMgPerL().getAsDouble() <= thresholds.crpMildAtMostMgPerL()) {
            return Optional.of(new Reason("course stable with CRP " + format(findings.crpMgPerL().getAsDouble())
                    + " mg/L, at most " + format(thresholds.crpMildAtMostMgPerL()) + " mg/L", Knowledge.SV_MILD_CRP));
        }
        return Optional.empty();
    }

    /** SV-MODERATE: neither severe nor mild; the text names which mild condition failed. */
    static Reason moderate(ClinicalFindings findings, TreatmentThresholds thresholds, boolean saturationMild, boolean courseMild) {
        List<String> why = new ArrayList<>();
        if (!saturationMild) {
            why.add("resting SpO2 " + format(findings.spo2RestPercent().getAsDouble()) + "% is below "
                    + format(thresholds.spo2MildAtLeastPercent()) + "%");
        }
        if (!courseMild) {
            why.add(courseText(findings, thresholds));
        }
        return new Reason("not severe, and not mild: " + String.join("; ", why), Knowledge.SV_MODERATE);
    }

    private static String courseText(ClinicalFindings findings, TreatmentThresholds thresholds) {
        if (findings.trajectory().isEmpty()) {
            return "course unknown (mild needs an improving course, or a stable one with a known CRP)";
        }
        Trajectory trajectory = findings.trajectory().get();
        if (trajectory != Trajectory.STABLE) {
            return "course " + trajectory.code() + " (mild needs improving, or stable with a known low CRP)";
        }
        if (findings.crpMgPerL().isEmpty()) {
            return "course stable but CRP unknown";
        }
        return "course stable but CRP " + format(findings.crpMgPerL().getAsDouble()) + " mg/L is above "
                + format(thresholds.crpMildAtMostMgPerL()) + " mg/L";
    }

    /** Whether an optional finding is known and equal to {@code expected} (no Optional built to compare with). */
    private static <T> boolean is(Optional<T> value, T expected) {
        return value.isPresent() && value.get().equals(expected);
    }

    private static Optional<Reason> supportReason(RespiratorySupport support) {
        return Optional.of(new Reason("on " + support.code() + " respiratory support: severe", Knowledge.SV_SEVERE_NIV_HFNC));
    }

    private static void addIfPresent(List<Reason> reasons, Optional<Reason> reason) {
        if (reason.isPresent()) {
            reasons.add(reason.get());
        }
    }

    private SeverityRules() {
    }
}
