package org.coppipeline.exclusion.domain;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.coppipeline.exclusion.domain.CauseInput.Medication;
import org.coppipeline.exclusion.domain.CauseInput.MicrobiologyResult;
import org.coppipeline.exclusion.domain.CauseInput.Radiotherapy;

/** Test inputs: a fully worked-up case to vary one thing at a time, and a case where nothing is known. */
final class Cases {

    static final OpDrugList DRUG_LIST = OpDrugList.parse(resource("knowledge/op-inducing-drugs.csv"));
    static final CauseExclusion EXCLUSION = new CauseExclusion(DRUG_LIST, ExclusionThresholds.defaults());
    static final CauseExclusion EXCLUSION_V2 = new CauseExclusion(DRUG_LIST,
            ExclusionThresholds.defaults(KnowledgeVersion.V2), KnowledgeVersion.V2);

    private Cases() {
    }

    static String resource(String name) {
        try (InputStream in = Cases.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every category excluded, typical CT (probable), suspicion high, no histology: cop-probable.
     * Medications: lisinopril (not on the list).
     */
    static Builder workedUp() {
        Builder b = new Builder();
        b.microbiology = new ArrayList<>(List.of(negative(MicrobiologyTest.BLOOD_CULTURE),
                negative(MicrobiologyTest.SPUTUM_CULTURE), negative(MicrobiologyTest.RESPIRATORY_PCR_PANEL)));
        b.autoimmunePanel = TestResult.NEGATIVE;
        b.bloodCount = BloodCount.NORMAL;
        b.medicationsReviewed = true;
        b.medications = new ArrayList<>(List.of(current("lisinopril")));
        b.radiotherapyReviewed = true;
        b.conditionsReviewed = true;
        b.exposuresReviewed = true;
        b.ctPerformed = true;
        b.ctFindings = new ArrayList<>(List.of(CtFinding.BILATERAL_CONSOLIDATION, CtFinding.PERIPHERAL_DISTRIBUTION));
        b.suspicion = Suspicion.HIGH;
        b.antibioticResponse = AntibioticResponse.NONE;
        return b;
    }

    static Builder nothingKnown() {
        return new Builder();
    }

    static MicrobiologyResult negative(MicrobiologyTest test) {
        return new MicrobiologyResult(test, TestResult.NEGATIVE, null);
    }

    static MicrobiologyResult positive(MicrobiologyTest test, String organism) {
        return new MicrobiologyResult(test, TestResult.POSITIVE, organism);
    }

    static MicrobiologyResult pending(MicrobiologyTest test) {
        return new MicrobiologyResult(test, TestResult.PENDING, null);
    }

    static Medication current(String name) {
        return new Medication(name, null, true, null, null);
    }

    static Medication stopped(String name, int daysAgo) {
        return new Medication(name, null, false, null, daysAgo);
    }

    static Medication withAtc(String name, String atc, boolean current) {
        return new Medication(name, atc, current, null, current ? null : 10);
    }

    static Radiotherapy radiotherapy(RadiotherapySite site, int endedDaysAgo) {
        return new Radiotherapy(site, endedDaysAgo);
    }

    static CategoryAssessment category(CauseAssessment a, CauseCategory c) {
        return a.categories().get(c);
    }

    static final class Builder {
        List<MicrobiologyResult> microbiology = new ArrayList<>();
        TestResult autoimmunePanel;
        BloodCount bloodCount;
        boolean medicationsReviewed;
        List<Medication> medications = new ArrayList<>();
        boolean radiotherapyReviewed;
        List<Radiotherapy> radiotherapy = new ArrayList<>();
        boolean conditionsReviewed;
        boolean exposuresReviewed;
        List<Condition> conditions = new ArrayList<>();
        Boolean ctPerformed;
        List<CtFinding> ctFindings = new ArrayList<>();
        Double balEosinophils;
        boolean malignantCells;
        HistologyPattern histology;
        AntibioticResponse antibioticResponse;
        Suspicion suspicion;
        BiopsyMethod histologyMethod;
        Boolean reportedImmunocompromised;
        Double prednisoneMgPerDay;

        Builder microbiology(MicrobiologyResult... results) {
            microbiology = new ArrayList<>(Arrays.asList(results));
            return this;
        }

        Builder panel(TestResult result) {
            autoimmunePanel = result;
            return this;
        }

        Builder bloodCount(BloodCount result) {
            bloodCount = result;
            return this;
        }

        Builder medicationsReviewed(boolean reviewed) {
            medicationsReviewed = reviewed;
            return this;
        }

        Builder medications(Medication... list) {
            medications = new ArrayList<>(Arrays.asList(list));
            return this;
        }

        Builder radiotherapyReviewed(boolean reviewed) {
            radiotherapyReviewed = reviewed;
            return this;
        }

        Builder radiotherapy(Radiotherapy... courses) {
            radiotherapy = new ArrayList<>(Arrays.asList(courses));
            return this;
        }

        Builder conditionsReviewed(boolean reviewed) {
            conditionsReviewed = reviewed;
            return this;
        }

        Builder exposuresReviewed(boolean reviewed) {
            exposuresReviewed = reviewed;
            return this;
        }

        Builder conditions(Condition... list) {
            conditions = new ArrayList<>(Arrays.asList(list));
            return this;
        }

        Builder noCt() {
            ctPerformed = null;
            ctFindings = new ArrayList<>();
            return this;
        }

        Builder ct(boolean performed, CtFinding... findings) {
            ctPerformed = performed;
            ctFindings = new ArrayList<>(Arrays.asList(findings));
            return this;
        }

        Builder balEosinophils(Double percent) {
            balEosinophils = percent;
            return this;
        }

        Builder malignantCells(boolean seen) {
            malignantCells = seen;
            return this;
        }

        Builder histology(HistologyPattern pattern) {
            histology = pattern;
            return this;
        }

        Builder histology(HistologyPattern pattern, BiopsyMethod method) {
            histology = pattern;
            histologyMethod = method;
            return this;
        }

        Builder immunocompromised(Boolean reported) {
            reportedImmunocompromised = reported;
            return this;
        }

        Builder prednisone(Double mgPerDay) {
            prednisoneMgPerDay = mgPerDay;
            return this;
        }

        Builder antibioticResponse(AntibioticResponse response) {
            antibioticResponse = response;
            return this;
        }

        Builder suspicion(Suspicion band) {
            suspicion = band;
            return this;
        }

        CauseInput build() {
            return new CauseInput(
                    new CauseInput.Tests(microbiology, autoimmunePanel, bloodCount),
                    new CauseInput.History(medicationsReviewed, medications, radiotherapyReviewed, radiotherapy,
                            conditionsReviewed, exposuresReviewed, conditions),
                    ctPerformed == null ? null : new CauseInput.ChestCt(ctPerformed, ctFindings),
                    new CauseInput.Bal(balEosinophils, malignantCells),
                    histology, antibioticResponse, suspicion, histologyMethod,
                    new CauseInput.Host(reportedImmunocompromised, prednisoneMgPerDay));
        }

        /** Under knowledge v1. */
        CauseAssessment assess() {
            return EXCLUSION.assess(build());
        }

        CauseAssessment assessV2() {
            return EXCLUSION_V2.assess(build());
        }
    }
}
