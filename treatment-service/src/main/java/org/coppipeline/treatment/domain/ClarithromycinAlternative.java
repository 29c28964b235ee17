package org.coppipeline.treatment.domain;

import static org.coppipeline.treatment.domain.Numbers.format;

import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** TX-ALT-CLARITHRO*: clarithromycin as an observational alternative, never the default. */
public final class ClarithromycinAlternative {

    public static final String EVIDENCE_LABEL = "observational, conflicting evidence";

    /** Plans next to which the alternative may be offered: a COP plan with a glucocorticoid, or observation. */
    private static final Set<Recommendation> COP_PLANS = EnumSet.of(Recommendation.ORAL_GLUCOCORTICOID,
            Recommendation.RELAPSE_REGIMEN, Recommendation.OBSERVE);

    /**
     * TX-ALT-CLARITHRO-ELIGIBLE: mild or moderate disease with a known FVC at least 80% and a known resting SpO2
     * at least 94%, next to a COP plan; never while infection is not excluded.
     */
    // The parts of the alternative that do not depend on the case are built once.
    private static final Reason EVIDENCE = new Reason(EVIDENCE_LABEL + ": retrospective series only, and replacing part of "
            + "the prednisone course with clarithromycin gave more relapses in GERMOP-CAM-2018", Knowledge.TX_ALT_CLARITHRO_EVIDENCE);
    private static final List<Reason> CAUTIONS = List.of(
            new Reason("QT prolongation: check the QTc and other QT-prolonging drugs before starting", Knowledge.TX_ALT_CLARITHRO_CAUTION),
            new Reason("CYP3A4 interactions (e.g. statins): review every concomitant drug", Knowledge.TX_ALT_CLARITHRO_CAUTION));
    private static final RegimenStep COURSE = new RegimenStep(Drug.CLARITHROMYCIN, Route.ORAL,
            new Dose.MgTwiceDaily(BigDecimal.valueOf(500)), 12 * 7, Knowledge.TX_ALT_CLARITHRO);

    public static Optional<Alternative> offer(Severity severity, ClinicalFindings findings, Recommendation recommendation,
            CauseAssessment causes, TreatmentThresholds thresholds) {
        boolean notSevere = severity == Severity.MILD || severity == Severity.MODERATE;
        boolean fvcHigh = findings.fvcPercentPredicted().isPresent()
                && findings.fvcPercentPredicted().getAsDouble() >= thresholds.fvcClarithromycinAtLeastPercent();
        boolean spo2High = findings.spo2RestPercent().isPresent()
                && findings.spo2RestPercent().getAsDouble() >= thresholds.spo2MildAtLeastPercent();
        if (!(notSevere && fvcHigh && spo2High && COP_PLANS.contains(recommendation) && causes.infectionExcluded())) {
            return Optional.empty();
        }
        Reason eligibility = new Reason(severity.code() + " disease, FVC " + format(findings.fvcPercentPredicted().getAsDouble())
                + "% predicted (at least " + format(thresholds.fvcClarithromycinAtLeastPercent()) + "%) and resting SpO2 "
                + format(findings.spo2RestPercent().getAsDouble()) + "% (at least " + format(thresholds.spo2MildAtLeastPercent())
                + "%)", Knowledge.TX_ALT_CLARITHRO_ELIGIBLE);
        return Optional.of(new Alternative("clarithromycin", COURSE, eligibility, EVIDENCE_LABEL, EVIDENCE, CAUTIONS,
                Knowledge.TX_ALT_CLARITHRO));
    }

    private ClarithromycinAlternative() {
    }
}
