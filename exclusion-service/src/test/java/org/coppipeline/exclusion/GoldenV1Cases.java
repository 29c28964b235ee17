package org.coppipeline.exclusion;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A deterministic stream of v1 case records (as the symptom stage forwards them) for the v1 golden digest.
 * Everything comes from one seeded {@link Random} and from code lists spelled out here, never from the domain
 * enums, so adding v1.2 codes to those enums cannot change what is generated. Values cluster around the v1
 * thresholds (drug window 90 days, radiotherapy 365 days, BAL eosinophils 25 %) and around the v2 ones
 * (180 and 365 days). About a third of the records are worked-up cases whose every part is clean (it excludes its
 * cause) most of the time, so that infection excluded and the two COP conclusions are reached often. About 2 % are
 * unbindable on purpose (a wrong type, an unknown code, a missing required field): their DLQ reasons are part of
 * the digest too.
 */
final class GoldenV1Cases {

    static final long SEED = 20_261_205L;
    static final int CASES = 100_000;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private static final String[] SUSPICIONS = { "low", "moderate", "high" };
    private static final String[] ANTIBIOTIC_RESPONSES = { "none", "partial", "resolved" };
    private static final String[] V1_FINDINGS = { "bilateral-consolidation", "unilateral-consolidation",
            "peripheral-distribution", "peribronchovascular-distribution", "ground-glass", "migratory-opacities",
            "reversed-halo", "perilobular-pattern", "solitary-opacity", "honeycombing", "mass", "lymphadenopathy",
            "cavitation", "pleural-effusion", "centrilobular-nodules" };
    /** Drawn twice as often as the rest, so that typical CTs (probable) are common. */
    private static final String[] TYPICAL_FINDINGS = { "bilateral-consolidation", "unilateral-consolidation",
            "ground-glass", "peripheral-distribution", "peribronchovascular-distribution", "migratory-opacities" };
    private static final String[] METHODS = { "transbronchial", "cryobiopsy", "surgical" };
    private static final String[] PATTERNS = { "organizing-pneumonia", "other", "non-diagnostic" };
    private static final String[] V1_TESTS = { "blood-culture", "sputum-culture", "bal-culture", "respiratory-pcr-panel",
            "sars-cov-2-pcr", "urinary-antigens", "bal-pneumocystis", "bal-mycobacteria", "fungal-markers", "hiv-serology" };
    /** Negative three times as often, so that the full negative set (excluded) is reached often. */
    private static final String[] RESULTS = { "negative", "negative", "negative", "positive", "pending" };
    private static final String[] PANEL = { "negative", "positive", "pending" };
    private static final String[] BLOOD_COUNT = { "normal", "abnormal", "pending" };
    private static final String[] ORGANISMS = { "Streptococcus pneumoniae", " ", "Mycoplasma pneumoniae ", "" };
    private static final String[] MEDICATIONS = { "amiodarone", " AMIODARONE ", "Amiodarone", "Cordarone", "nitrofurantoin",
            "Nitrofurantoin", "methotrexate", "nivolumab", "azacitidine", "Azacitidine", "interferon beta", "cocaine",
            "lisinopril", "metformin", "atorvastatin", "Amiodarône", " ", "sirolimus" };
    private static final String[] ATC_CODES = { "C01BD01", "c01bd01 ", "C09AA05", "L03AB11", "J01XE01", "A10BA02",
            "L01BC07", "L01FF01", " " };
    private static final String[] SITES = { "breast", "thorax", "other" };
    private static final String[] V1_CONDITIONS = { "rheumatoid-arthritis", "myositis", "sjogren-syndrome",
            "systemic-lupus-erythematosus", "systemic-sclerosis", "other-connective-tissue-disease",
            "myelodysplastic-syndrome", "leukemia", "lymphoma", "ulcerative-colitis", "crohn-disease",
            "hematopoietic-stem-cell-transplant", "solid-organ-transplant", "aspiration-risk", "inhalational-exposure",
            "diabetes", "osteoporosis" };
    /** Days around the v1 and v2 drug windows (90, 180, amiodarone 365) and the radiotherapy window (365). */
    private static final int[] DAYS_NEAR_WINDOWS = { 0, 1, 30, 89, 90, 91, 179, 180, 181, 300, 364, 365, 366, 400 };
    private static final double[] EOSINOPHILS = { 0, 3, 24.9, 25, 25.1, 26, 80 };

    private final Random random = new Random(SEED);
    private int index;
    /** Whether the record being generated is a worked-up case. */
    private boolean workedUp;

    /** The next record; case i of the stream is always the same record. */
    ObjectNode next() {
        ObjectNode record = JSON.objectNode();
        record.put("eventId", "00000000-0000-4000-8000-" + String.format("%012d", index));
        record.put("caseId", "GOLD-" + index);
        record.put("hospitalId", "hosp-golden");
        index++;
        record.putObject("patient").put("ageYears", 20 + random.nextInt(70));
        workedUp = chance(35);
        if (clean()) {
            record.putObject("symptomAssessment").put("suspicionScore", 9).put("suspicion", chance(50) ? "high" : "moderate");
        } else if (chance(90)) {
            ObjectNode symptom = record.putObject("symptomAssessment");
            symptom.put("suspicionScore", random.nextInt(15));
            if (chance(94)) {
                symptom.put("suspicion", pick(SUSPICIONS));
            }
        }
        if (clean()) {
            record.putObject("course").put("antibioticResponse", chance(50) ? "none" : "partial");
        } else if (chance(80)) {
            ObjectNode course = record.putObject("course");
            if (chance(80)) {
                course.put("antibioticResponse", pick(ANTIBIOTIC_RESPONSES));
            }
        }
        if (clean()) {
            record.putObject("imaging").putObject("ct").put("performed", true).putArray("findings")
                    .add(pick(TYPICAL_FINDINGS)).add("peripheral-distribution");
        } else if (chance(80)) {
            ObjectNode ct = record.putObject("imaging").putObject("ct");
            ct.put("performed", chance(85));
            ArrayNode findings = ct.putArray("findings");
            List<String> chosen = new ArrayList<>();
            int count = random.nextInt(6);
            for (int i = 0; i < count; i++) {
                String finding = chance(50) ? pick(TYPICAL_FINDINGS) : pick(V1_FINDINGS);
                if (!chosen.contains(finding)) {
                    chosen.add(finding);
                    findings.add(finding);
                }
            }
        }
        if (clean()) {
            record.putObject("bal").put("eosinophilPercent", 3);
        } else if (chance(50)) {
            ObjectNode bal = record.putObject("bal");
            if (chance(80)) {
                bal.put("eosinophilPercent", chance(70) ? EOSINOPHILS[random.nextInt(EOSINOPHILS.length)]
                        : Math.round(random.nextDouble() * 1000) / 10.0);
            }
            if (chance(60)) {
                bal.put("malignantCells", chance(15));
            }
        }
        if (workedUp ? chance(40) : chance(35)) {
            ObjectNode histology = record.putObject("histology");
            histology.put("pattern", clean() ? "organizing-pneumonia" : pick(PATTERNS));
            if (chance(70)) {
                histology.put("method", pick(METHODS));
            }
        }
        if (clean()) {
            record.set("tests", cleanTests());
        } else if (chance(85)) {
            record.set("tests", tests());
        }
        if (clean()) {
            record.set("history", cleanHistory());
        } else if (chance(90)) {
            record.set("history", history());
        }
        if (chance(2)) {
            breakBinding(record);
        }
        return record;
    }

    /** A worked-up part, 85 % of the time in a worked-up case. */
    private boolean clean() {
        return workedUp && chance(85);
    }

    /** blood culture, sputum or BAL culture and respiratory PCR negative (sometimes one more), panels normal. */
    private ObjectNode cleanTests() {
        ObjectNode tests = JSON.objectNode();
        ArrayNode microbiology = tests.putArray("microbiology");
        microbiology.addObject().put("test", "blood-culture").put("result", "negative");
        microbiology.addObject().put("test", chance(50) ? "sputum-culture" : "bal-culture").put("result", "negative");
        microbiology.addObject().put("test", "respiratory-pcr-panel").put("result", "negative");
        if (chance(30)) {
            microbiology.addObject().put("test", pick(V1_TESTS)).put("result", "negative");
        }
        tests.put("autoimmunePanel", "negative");
        tests.put("bloodCount", "normal");
        return tests;
    }

    /** Every history reviewed, nothing that causes OP. */
    private ObjectNode cleanHistory() {
        ObjectNode history = JSON.objectNode();
        history.put("medicationsReviewed", true);
        history.putArray("medications").addObject().put("name", "lisinopril").put("current", true).put("startedDaysAgo", 400);
        history.put("radiotherapyReviewed", true);
        history.putArray("radiotherapy");
        history.put("conditionsReviewed", true);
        history.put("exposuresReviewed", true);
        ArrayNode conditions = history.putArray("conditions");
        if (chance(30)) {
            conditions.add("diabetes");
        }
        return history;
    }

    private ObjectNode tests() {
        ObjectNode tests = JSON.objectNode();
        if (chance(85)) {
            ArrayNode microbiology = tests.putArray("microbiology");
            int count = random.nextInt(7);
            for (int i = 0; i < count; i++) {
                ObjectNode result = microbiology.addObject();
                result.put("test", pick(V1_TESTS));
                result.put("result", pick(RESULTS));
                if (chance(15)) {
                    result.put("organism", pick(ORGANISMS));
                }
            }
        }
        if (chance(80)) {
            tests.put("autoimmunePanel", pick(PANEL));
        }
        if (chance(80)) {
            tests.put("bloodCount", pick(BLOOD_COUNT));
        }
        return tests;
    }

    private ObjectNode history() {
        ObjectNode history = JSON.objectNode();
        flag(history, "medicationsReviewed");
        if (chance(85)) {
            ArrayNode medications = history.putArray("medications");
            int count = random.nextInt(4);
            for (int i = 0; i < count; i++) {
                ObjectNode medication = medications.addObject();
                medication.put("name", pick(MEDICATIONS));
                if (chance(30)) {
                    medication.put("atcCode", pick(ATC_CODES));
                }
                medication.put("current", chance(45));
                if (chance(50)) {
                    medication.put("startedDaysAgo", days());
                }
                if (chance(75)) {
                    medication.put("stoppedDaysAgo", days());
                }
            }
        }
        flag(history, "radiotherapyReviewed");
        if (chance(80)) {
            ArrayNode radiotherapy = history.putArray("radiotherapy");
            int count = random.nextInt(3);
            for (int i = 0; i < count; i++) {
                radiotherapy.addObject().put("site", pick(SITES)).put("endedDaysAgo", days());
            }
        }
        flag(history, "conditionsReviewed");
        flag(history, "exposuresReviewed");
        if (chance(80)) {
            ArrayNode conditions = history.putArray("conditions");
            List<String> chosen = new ArrayList<>();
            int count = random.nextInt(3);
            for (int i = 0; i < count; i++) {
                String condition = pick(V1_CONDITIONS);
                if (!chosen.contains(condition)) {
                    chosen.add(condition);
                    conditions.add(condition);
                }
            }
        }
        return history;
    }

    /** One schema violation the binder refuses, with a JSON pointer as the reason. */
    private void breakBinding(ObjectNode record) {
        switch (random.nextInt(5)) {
            case 0 -> record.putObject("history").put("medicationsReviewed", "yes");
            case 1 -> record.putObject("imaging").putObject("ct").put("performed", true).putArray("findings")
                    .add("not-a-finding");
            case 2 -> record.putObject("tests").putArray("microbiology").addObject().put("test", "blood-culture");
            case 3 -> record.putObject("imaging").putObject("ct").putArray("findings").add("mass");
            default -> record.putObject("course").put("antibioticResponse", 3);
        }
    }

    private void flag(ObjectNode node, String name) {
        if (chance(90)) {
            node.put(name, chance(80));
        }
    }

    private int days() {
        return chance(70) ? DAYS_NEAR_WINDOWS[random.nextInt(DAYS_NEAR_WINDOWS.length)] : random.nextInt(500);
    }

    private boolean chance(int percent) {
        return random.nextInt(100) < percent;
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }
}
