package org.coppipeline.treatment.golden;

import java.util.Random;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A fixed, seeded stream of case-assessed records for the golden digest of the v1 rules. The stream must never
 * change once a digest has been recorded from it: the digest is only a statement about these exact inputs.
 * <p>
 * It reaches every branch of the treatment rules (each conclusion, each category status or its absence, values on
 * both sides of every threshold, tiny weights that round a dose to 0 mg, missing sections), contradictory upstream
 * input, the v1.2 input additions that v1 must accept and ignore (new CT findings and tests, immunocompromised,
 * DLCO, exertional SpO2, lobes, the drug names of exclusion v2), and about 2 % of records that cannot be bound.
 * Only {@link Random} (whose sequence the Java specification fixes) and lists (never a hash order) are used.
 */
final class GoldenCases {

    static final long SEED = 0x5EED_C0DE_2026L;
    static final int CASES = 100_000;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private static final String[] CONCLUSIONS = { "op-unlikely", "suspected-op", "workup-incomplete", "secondary-op",
            "cop-probable", "cop-confirmed" };
    private static final String[] EVIDENCE = { "unlikely", "suspected", "probable", "confirmed" };
    private static final String[] CATEGORIES = { "infection", "drug", "radiation", "connective-tissue-disease",
            "hematologic-malignancy", "inflammatory-bowel-disease", "transplant", "aspiration-exposure" };
    private static final String[] STATUSES = { "excluded", "present", "incomplete", "not-assessed" };
    private static final String[] TRAJECTORIES = { "improving", "stable", "progressive", "rapidly-progressive" };
    private static final String[] SUPPORT = { "none", "oxygen", "high-flow", "non-invasive", "invasive" };
    private static final String[] LOW_SUPPORT = { "none", "oxygen" };
    private static final String[] CONDITIONS = { "rheumatoid-arthritis", "myositis", "leukemia", "lymphoma",
            "myelodysplastic-syndrome", "ulcerative-colitis", "crohn-disease", "hematopoietic-stem-cell-transplant",
            "solid-organ-transplant", "aspiration-risk", "diabetes", "osteoporosis" };
    private static final String[] CT_FINDINGS = { "bilateral-consolidation", "unilateral-consolidation",
            "peripheral-distribution", "ground-glass", "reversed-halo", "mass", "cavitation", "nodules", "consolidation",
            "op-pattern" };
    private static final String[] TESTS = { "blood-culture", "sputum-culture", "bal-culture", "respiratory-pcr-panel",
            "atypical-serology", "bal-stains", "bal-pneumocystis", "fungal-markers" };
    private static final String[] RESULTS = { "negative", "positive", "pending" };
    private static final String[] DRUGS = { "amiodarone", "nitrofurantoin", "methotrexate", "bleomycin", "pembrolizumab" };
    /** Values on both sides of each contract threshold, so edges are hit often, not by chance. */
    private static final double[] SPO2_EDGES = { 89.9, 90, 90.1, 93.9, 94, 94.1 };
    private static final double[] CRP_EDGES = { 37.8, 37.9, 38, 0 };
    private static final double[] FVC_EDGES = { 79.9, 80, 80.1 };

    private final Random random = new Random(SEED);

    /** The next record of the stream. */
    ObjectNode next() {
        ObjectNode record = JSON.objectNode();
        record.put("eventId", "00000000-0000-4000-8000-" + String.format("%012d", random.nextInt(1_000_000)));
        record.put("caseId", "GOLD-" + random.nextInt(1000));
        record.put("hospitalId", "hosp-golden");
        if (chance(0.9)) {
            patient(record.putObject("patient"));
        }
        if (chance(0.85)) {
            course(record.putObject("course"));
        }
        if (chance(0.85)) {
            measurements(record.putObject("measurements"));
        }
        if (chance(0.6)) {
            imaging(record.putObject("imaging"));
        }
        if (chance(0.6)) {
            tests(record.putObject("tests"));
        }
        if (chance(0.7)) {
            history(record.putObject("history"));
        }
        if (chance(0.4)) {
            ObjectNode treatment = record.putObject("treatmentHistory");
            if (chance(0.8)) {
                treatment.put("relapseOnTaper", chance(0.5));
            }
            if (chance(0.6)) {
                treatment.put("currentPrednisoneMgPerDay", pick(new double[] { 0, 5, 10, 19.5, 20, 40 }));
            }
        }
        causeAssessment(record.putObject("causeAssessment"));
        if (chance(0.02)) {
            spoil(record);
        }
        return record;
    }

    private void patient(ObjectNode patient) {
        patient.put("ageYears", random.nextInt(121));
        if (chance(0.85)) {
            // mostly adult weights, sometimes one small enough that a mg/kg step rounds to 0 mg
            patient.put("weightKg", chance(0.05) ? 2 + random.nextInt(5) : tenths(350, 1500));
        }
        if (chance(0.2)) {
            patient.put("immunocompromised", chance(0.5));
        }
    }

    private void course(ObjectNode course) {
        if (chance(0.9)) {
            course.put("trajectory", pick(TRAJECTORIES));
        }
        if (chance(0.5)) {
            course.put("symptomDurationDays", random.nextInt(200));
        }
    }

    private void measurements(ObjectNode m) {
        if (chance(0.85)) {
            // mostly the range where the severity bands are decided, sometimes anywhere on the schema's scale
            m.put("spo2RestPercent", chance(0.3) ? pick(SPO2_EDGES) : chance(0.8) ? tenths(850, 1000) : tenths(500, 1000));
        }
        if (chance(0.7)) {
            m.put("respiratorySupport", chance(0.6) ? pick(LOW_SUPPORT) : pick(SUPPORT));
        }
        if (chance(0.7)) {
            m.put("crpMgPerL", chance(0.3) ? pick(CRP_EDGES) : tenths(0, 2000));
        }
        if (chance(0.6)) {
            m.put("fvcPercentPredicted", chance(0.3) ? pick(FVC_EDGES) : tenths(300, 1300));
        }
        // read by knowledge v2 only
        if (chance(0.5)) {
            m.put("dlcoPercentPredicted", tenths(200, 1100));
        }
        if (chance(0.5)) {
            m.put("spo2ExertionNadirPercent", tenths(700, 1000));
        }
    }

    private void imaging(ObjectNode imaging) {
        ObjectNode ct = imaging.putObject("ct");
        ct.put("performed", chance(0.85));
        if (chance(0.7)) {
            ct.put("lobesInvolved", random.nextInt(6));
        }
        ArrayNode findings = ct.putArray("findings");
        for (String finding : CT_FINDINGS) {
            if (chance(0.2)) {
                findings.add(finding);
            }
        }
    }

    private void tests(ObjectNode tests) {
        ArrayNode microbiology = tests.putArray("microbiology");
        for (String test : TESTS) {
            if (chance(0.4)) {
                microbiology.addObject().put("test", test).put("result", pick(RESULTS));
            }
        }
    }

    private void history(ObjectNode history) {
        history.put("conditionsReviewed", chance(0.7));
        ArrayNode conditions = history.putArray("conditions");
        for (String condition : CONDITIONS) {
            if (chance(0.08)) {
                conditions.add(condition);
            }
        }
        history.put("medicationsReviewed", chance(0.7));
        if (chance(0.5)) {
            history.putArray("medications").addObject().put("name", pick(DRUGS)).put("current", chance(0.7));
        }
    }

    private void causeAssessment(ObjectNode cause) {
        String conclusion = pick(CONCLUSIONS);
        cause.put("conclusion", conclusion);
        if (chance(0.92)) {
            // mostly the evidence the conclusion follows from, sometimes a contradiction
            cause.put("opEvidence", chance(0.85) ? evidenceOf(conclusion) : pick(EVIDENCE));
        }
        ObjectNode categories = cause.putObject("categories");
        // COP plans need every category excluded: make that common
        boolean allExcluded = chance(0.35);
        for (String name : CATEGORIES) {
            if (!allExcluded && chance(0.05)) {
                continue; // the record does not carry this category
            }
            String status = allExcluded || chance(0.55) ? "excluded" : pick(STATUSES);
            ObjectNode category = categories.putObject(name);
            category.put("status", status);
            ArrayNode evidence = category.putArray("evidence");
            if (status.equals("present") && chance(0.8)) {
                evidence.add(name + " evidence " + random.nextInt(10));
            }
            category.putArray("nextSteps");
            if (name.equals("drug") && status.equals("present") && chance(0.6)) {
                ArrayNode drugs = category.putArray("drugs");
                drugs.add(pick(DRUGS));
                if (chance(0.3)) {
                    drugs.add("minocycline");
                }
            }
        }
        cause.putArray("alternativeDiagnoses");
        cause.put("knowledgeVersion", "cop-knowledge-v1");
    }

    private String evidenceOf(String conclusion) {
        return switch (conclusion) {
            case "op-unlikely" -> "unlikely";
            case "suspected-op" -> "suspected";
            case "cop-probable" -> "probable";
            case "cop-confirmed" -> "confirmed";
            default -> chance(0.5) ? "probable" : "confirmed";
        };
    }

    /** Makes the record unbindable in one of the ways an upstream fault could. */
    private void spoil(ObjectNode record) {
        switch (random.nextInt(5)) {
            case 0 -> ((ObjectNode) record.path("causeAssessment")).remove("conclusion");
            case 1 -> ((ObjectNode) record.path("causeAssessment")).put("conclusion", "cop");
            case 2 -> record.putObject("measurements").put("spo2RestPercent", "93");
            case 3 -> record.putObject("course").put("trajectory", "worse");
            default -> record.putObject("treatmentHistory").put("relapseOnTaper", 1);
        }
    }

    private boolean chance(double p) {
        return random.nextDouble() < p;
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    private double pick(double[] values) {
        return values[random.nextInt(values.length)];
    }

    /** A value on a 0.1 grid between the two bounds in tenths. */
    private double tenths(int fromTenths, int toTenths) {
        return (fromTenths + random.nextInt(toTenths - fromTenths + 1)) / 10.0;
    }
}
