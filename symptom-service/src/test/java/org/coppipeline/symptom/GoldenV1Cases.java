package org.coppipeline.symptom;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.coppipeline.symptom.binding.SuspicionInputBinder;
import org.coppipeline.symptom.binding.SymptomAssessmentRenderer;
import org.coppipeline.symptom.domain.KnowledgeVersion;
import org.coppipeline.symptom.domain.ScoringThresholds;
import org.coppipeline.symptom.domain.SuspicionScorer;
import org.coppipeline.symptom.messaging.UnprocessableRecordException;

/**
 * The v1 golden set: a fixed-seed generator of case records in the v1 vocabulary (with the v1.2 additions v1 must
 * ignore: patient.immunocompromised, history, treatmentHistory, tests) and the digest of what the stage's core
 * (bind, score, render) makes of them. The digest file was written from the code before knowledge v2 (see its
 * header); {@link V1GoldenDigestTest} recomputes it with the current code under v1.
 * <p>
 * Only {@link #output} may change with the code's API; the generator must never change, or the golden file
 * means nothing. To write the file again (only ever from a commit whose v1 output is trusted):
 * {@code java -cp <test classpath> org.coppipeline.symptom.GoldenV1Cases src/test/resources/golden/symptom-v1.txt <commit>}.
 */
public final class GoldenV1Cases {

    static final long SEED = 20_261_201L;
    static final int CASES = 100_000;
    static final int BLOCK = 1_000;
    static final String RESOURCE = "/golden/symptom-v1.txt";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** base64url: each case's fingerprint is 6 bits of its output's SHA-256, one character. */
    private static final String FINGERPRINT_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private static final String[] SYMPTOMS = { "nonproductive-cough", "productive-cough", "dyspnea", "fever",
            "malaise", "fatigue", "weight-loss", "hemoptysis", "crackles" };
    private static final String[] RESPONSES = { "none", "partial", "resolved" };
    private static final String[] TRAJECTORIES = { "improving", "stable", "progressive", "rapidly-progressive" };
    /** The v1 findings only: v1 code before v2 refused the v1.2 findings, so they cannot be in a v1 golden set. */
    private static final String[] CT_FINDINGS = { "bilateral-consolidation", "unilateral-consolidation",
            "peripheral-distribution", "peribronchovascular-distribution", "ground-glass", "migratory-opacities",
            "reversed-halo", "perilobular-pattern", "solitary-opacity", "honeycombing", "mass", "lymphadenopathy",
            "cavitation", "pleural-effusion", "centrilobular-nodules" };
    private static final String[] HISTOLOGY_PATTERNS = { "organizing-pneumonia", "other", "non-diagnostic" };
    private static final String[] HISTOLOGY_METHODS = { "transbronchial", "cryobiopsy", "surgical" };
    private static final String[] CONDITIONS = { "rheumatoid-arthritis", "myositis", "sjogren-syndrome",
            "systemic-lupus-erythematosus", "systemic-sclerosis", "other-connective-tissue-disease",
            "myelodysplastic-syndrome", "leukemia", "lymphoma", "ulcerative-colitis", "crohn-disease",
            "hematopoietic-stem-cell-transplant", "solid-organ-transplant", "aspiration-risk", "inhalational-exposure",
            "diabetes", "osteoporosis" };
    private static final String[] MICROBIOLOGY = { "blood-culture", "sputum-culture", "bal-culture",
            "respiratory-pcr-panel", "sars-cov-2-pcr", "urinary-antigens", "bal-pneumocystis", "bal-mycobacteria",
            "fungal-markers", "hiv-serology" };
    private static final String[] RESULTS = { "negative", "positive", "pending" };

    /** Index 0 is the contract's defaults (9 cases in 10); the others exercise configured v1 thresholds. */
    static final List<ScoringThresholds> THRESHOLDS = List.of(ScoringThresholds.defaults(),
            new ScoringThresholds(45, 75, 7, 30, 20, 0.8, 30, 3, 6),
            new ScoringThresholds(0, 120, 0, 1000, 0, 20, 100, -5, 5),
            new ScoringThresholds(50, 60, 21, 60, 10, 1.5, 10, 5, 12));

    private GoldenV1Cases() {
    }

    /** Which thresholds case {@code index} is scored with. */
    static int thresholdsOf(int index) {
        return index % 10 == 9 ? 1 + (index / 10) % (THRESHOLDS.size() - 1) : 0;
    }

    /** The stage's core for one case under v1: the rendered section, or the reason it would be dead-lettered. */
    static String output(SuspicionInputBinder binder, List<SuspicionScorer> scorers, int index) {
        ObjectNode record = record(index);
        try {
            return MAPPER.writeValueAsString(SymptomAssessmentRenderer.render(
                    scorers.get(thresholdsOf(index)).assess(binder.bind(record), KnowledgeVersion.V1),
                    KnowledgeVersion.V1.code()));
        } catch (UnprocessableRecordException e) {
            return "unprocessable: " + e.getMessage();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<SuspicionScorer> scorers() {
        return THRESHOLDS.stream().map(SuspicionScorer::new).toList();
    }

    /** Per block: its SHA-256 and one fingerprint character per case. */
    record Block(String sha256, String fingerprints) {
    }

    static List<Block> compute() {
        SuspicionInputBinder binder = new SuspicionInputBinder(new ObjectMapper());
        List<SuspicionScorer> scorers = scorers();
        List<Block> blocks = new ArrayList<>();
        for (int start = 0; start < CASES; start += BLOCK) {
            MessageDigest block = sha256();
            StringBuilder fingerprints = new StringBuilder(BLOCK);
            for (int i = start; i < start + BLOCK; i++) {
                byte[] bytes = (output(binder, scorers, i) + "\n").getBytes(StandardCharsets.UTF_8);
                block.update(bytes);
                fingerprints.append(fingerprint(bytes));
            }
            blocks.add(new Block(HexFormat.of().formatHex(block.digest()), fingerprints.toString()));
        }
        return blocks;
    }

    static char fingerprint(byte[] output) {
        return FINGERPRINT_CHARS.charAt(sha256().digest(output)[0] & 0x3f);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- the generator (never change) ---------------------------------------------------------------------------

    /** Case {@code index}, generated on its own (a seed per case), so a failing index can be rebuilt alone. */
    static ObjectNode record(int index) {
        Random random = new Random(mix(SEED + index));
        ObjectNode record = JSON.objectNode();
        record.put("eventId", "golden-" + index);
        record.put("caseId", "G-" + index);
        record.put("hospitalId", "hosp-golden");
        record.put("occurredAt", "2026-11-01T09:30:00Z");
        if (chance(random, 92)) {
            record.set("patient", patient(random));
        }
        if (chance(random, 85)) {
            record.set("symptoms", symptoms(random));
        }
        if (chance(random, 70)) {
            record.set("course", course(random));
        }
        if (chance(random, 65)) {
            record.set("imaging", imaging(random));
        }
        if (chance(random, 45)) {
            record.set("bal", bal(random));
        }
        if (chance(random, 30)) {
            record.set("histology", JSON.objectNode().put("method", pick(random, HISTOLOGY_METHODS))
                    .put("pattern", pick(random, HISTOLOGY_PATTERNS)));
        }
        if (chance(random, 40)) {
            record.set("history", history(random));
        }
        if (chance(random, 25)) {
            ObjectNode treatment = record.putObject("treatmentHistory");
            if (chance(random, 50)) {
                treatment.put("relapseOnTaper", random.nextBoolean());
            }
            if (chance(random, 80)) {
                treatment.put("currentPrednisoneMgPerDay", random.nextInt(61) + (chance(random, 30) ? 0.5 : 0));
            }
        }
        if (chance(random, 20)) {
            ObjectNode tests = record.putObject("tests");
            ArrayNode microbiology = tests.putArray("microbiology");
            for (int n = random.nextInt(4); n > 0; n--) {
                microbiology.addObject().put("test", pick(random, MICROBIOLOGY)).put("result", pick(random, RESULTS));
            }
            tests.put("autoimmunePanel", pick(random, RESULTS));
        }
        if (chance(random, 10)) {
            record.putObject("measurements").put("spo2RestPercent", 85 + random.nextInt(15));
        }
        if (chance(random, 2)) {
            breakOneField(random, record);
        }
        return record;
    }

    private static ObjectNode patient(Random random) {
        ObjectNode patient = JSON.objectNode();
        if (chance(random, 95)) {
            int age = chance(random, 60) ? 35 + random.nextInt(51) : random.nextInt(136) - 5;
            if (chance(random, 5)) {
                patient.put("ageYears", (double) age);
            } else if (chance(random, 2)) {
                patient.putNull("ageYears");
            } else {
                patient.put("ageYears", age);
            }
        }
        if (chance(random, 50)) {
            patient.put("sex", pick(random, new String[] { "female", "male", "other", "unknown" }));
        }
        if (chance(random, 40)) {
            patient.put("weightKg", 40 + random.nextInt(80) + 0.5);
        }
        if (chance(random, 20)) {
            patient.put("immunocompromised", random.nextBoolean());
        }
        return patient;
    }

    private static ArrayNode symptoms(Random random) {
        ArrayNode symptoms = JSON.arrayNode();
        for (int n = random.nextInt(13); n > 0; n--) {
            ObjectNode entry = symptoms.addObject().put("code", pick(random, SYMPTOMS));
            int present = random.nextInt(10);
            if (present < 3) {
                entry.put("present", false);
            } else if (present < 5) {
                entry.put("present", true);
            } else if (present == 5) {
                entry.putNull("present");
            }
        }
        return symptoms;
    }

    private static ObjectNode course(Random random) {
        ObjectNode course = JSON.objectNode();
        if (chance(random, 70)) {
            int days = chance(random, 60) ? 10 + random.nextInt(86) : random.nextInt(400);
            course.put("symptomDurationDays", days);
        }
        if (chance(random, 40)) {
            course.put("trajectory", pick(random, TRAJECTORIES));
        }
        if (chance(random, 65)) {
            course.put("antibioticCourses", chance(random, 70) ? random.nextInt(3) : random.nextInt(8));
        }
        if (chance(random, 60)) {
            course.put("antibioticResponse", pick(random, RESPONSES));
        } else if (chance(random, 5)) {
            course.putNull("antibioticResponse");
        }
        return course;
    }

    private static ObjectNode imaging(Random random) {
        ObjectNode imaging = JSON.objectNode();
        if (chance(random, 8)) {
            return imaging;
        }
        ObjectNode ct = imaging.putObject("ct").put("performed", chance(random, 88));
        if (chance(random, 30)) {
            ct.put("lobesInvolved", random.nextInt(6));
        }
        if (chance(random, 90)) {
            ArrayNode findings = ct.putArray("findings");
            for (int n = random.nextInt(7); n > 0; n--) {
                findings.add(pick(random, CT_FINDINGS));
            }
        }
        return imaging;
    }

    private static ObjectNode bal(Random random) {
        ObjectNode bal = JSON.objectNode();
        if (chance(random, 75)) {
            bal.put("lymphocytePercent", chance(random, 50) ? 12 + random.nextInt(7) : random.nextDouble() * 100);
        }
        if (chance(random, 70)) {
            bal.put("cd4Cd8Ratio", chance(random, 50) ? 0.8 + random.nextInt(5) * 0.1 : random.nextDouble() * 5);
        }
        if (chance(random, 70)) {
            bal.put("eosinophilPercent", chance(random, 50) ? 23 + random.nextInt(5) : random.nextDouble() * 60);
        }
        if (chance(random, 30)) {
            bal.put("neutrophilPercent", random.nextInt(101));
        }
        if (chance(random, 10)) {
            bal.put("malignantCells", random.nextBoolean());
        }
        return bal;
    }

    private static ObjectNode history(Random random) {
        ObjectNode history = JSON.objectNode();
        history.put("conditionsReviewed", random.nextBoolean());
        ArrayNode conditions = history.putArray("conditions");
        for (int n = random.nextInt(4); n > 0; n--) {
            conditions.add(pick(random, CONDITIONS));
        }
        if (chance(random, 40)) {
            history.put("medicationsReviewed", true);
            history.putArray("medications").addObject().put("name", "amiodarone").put("current", true);
        }
        return history;
    }

    /** A schema violation in a field the score binds: the record must be refused with the same reason. */
    private static void breakOneField(Random random, ObjectNode record) {
        switch (random.nextInt(6)) {
            case 0 -> record.putObject("patient").put("ageYears", "55");
            case 1 -> record.putArray("symptoms").addObject().put("code", "sneezing");
            case 2 -> record.putObject("imaging").putObject("ct").putArray("findings").add("mass");
            case 3 -> record.putObject("imaging").putObject("ct").put("performed", true).putArray("findings")
                    .add("halo");
            case 4 -> record.putObject("bal").put("cd4Cd8Ratio", "low");
            default -> record.putObject("histology").put("method", "surgical");
        }
    }

    private static boolean chance(Random random, int percent) {
        return random.nextInt(100) < percent;
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    /** SplitMix64's finalizer: neighbouring indexes get unrelated seeds. */
    private static long mix(long value) {
        long z = value + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    // --- writing the golden file ---------------------------------------------------------------------------------

    public static void main(String[] args) throws IOException {
        Path target = Paths.get(args[0]);
        String commit = args[1];
        List<String> lines = new ArrayList<>();
        lines.add("# symptom-service knowledge v1 golden digest (GoldenV1Cases, V1GoldenDigestTest).");
        lines.add("# Written from commit " + commit + ", the code before any knowledge-v2 change.");
        lines.add("# seed " + SEED + ", cases " + CASES + ", block " + BLOCK
                + "; output per case: the rendered symptomAssessment (or the DLQ reason) and a newline.");
        lines.add("# Each line: block index, SHA-256 of the block's outputs, one base64url character per case"
                + " (6 bits of that case's SHA-256) to name the first differing case.");
        List<Block> blocks = compute();
        for (int b = 0; b < blocks.size(); b++) {
            lines.add(b + " " + blocks.get(b).sha256() + " " + blocks.get(b).fingerprints());
        }
        Files.createDirectories(target.toAbsolutePath().getParent());
        Files.write(target, lines, StandardCharsets.UTF_8);
    }
}
