package org.coppipeline.symptom.domain;

import java.util.List;

/**
 * The rules of cop-knowledge.md section 4.1, with their citation keys and marks exactly as spelled there and the
 * contract's point weights (0 for rules that add no points). A test compares this table with the knowledge file.
 */
public enum SxRule implements KnowledgeRule {
    COUGH_NONPROD("SX-COUGH-NONPROD", 1, Mark.U, "Orphanet", "Cordier-2006", "Lazor-2000"),
    DYSPNEA("SX-DYSPNEA", 1, Mark.U, "Orphanet", "Cordier-2006"),
    FEVER("SX-FEVER", 1, Mark.U, "Orphanet", "Cordier-2006", "Zhou-CRD"),
    MALAISE("SX-MALAISE", 1, Mark.U, "Orphanet", "Cordier-2006"),
    FATIGUE("SX-FATIGUE", 1, Mark.U, "Orphanet"),
    WEIGHT_LOSS("SX-WEIGHT-LOSS", 1, Mark.U, "Orphanet", "Cordier-2006"),
    CRACKLES("SX-CRACKLES", 1, Mark.U, "Epler-1985"),
    AGE_40_70("SX-AGE-40-70", 1, Mark.U, "Orphanet", "MSD", "Gudmundsson-2006", "KoreanGL-2025"),
    DURATION_SUBACUTE("SX-DURATION-SUBACUTE", 2, Mark.U, "Epler-1985", "Orphanet", "MSD"),
    ABX_FAILED("SX-ABX-FAILED", 3, Mark.U, "King&Lee-2022"),
    CT_TYPICAL("SX-CT-TYPICAL", 4, Mark.U, "KoreanGL-2021", "KoreanGL-2025", "Faria-2015", "Ujita-2004", "Zhang-2020"),
    CT_SIGN("SX-CT-SIGN", 2, Mark.U, "Cordier-1989", "Ujita-2004", "Faria-2015", "Maturu-2014"),
    BAL_LYMPHO("SX-BAL-LYMPHO", 2, Mark.U, "Cordier-1989", "Drakopanagiotakis-2011", "PekingUnion-16677479"),
    CI_COUGH_PROD("SX-CI-COUGH-PROD", -1, Mark.U, "Orphanet", "Cordier-2006"),
    CI_HEMOPTYSIS("SX-CI-HEMOPTYSIS", -1, Mark.U, "GARD"),
    CI_ABX_RESOLVED("SX-CI-ABX-RESOLVED", -3, Mark.U, "Raghu&Meyer-2021", "Choi-2021", "Shimoda-2023"),
    CI_BAL_EOS("SX-CI-BAL-EOS", -3, Mark.U, "Al-Ghanem-2008"),
    CI_HONEYCOMB("SX-CI-HONEYCOMB", -3, Mark.U, "Epler-1985", "Lazor-2014"),
    CI_MASS("SX-CI-MASS", -3, Mark.U, "Cordier-1989", "Epler-2001"),
    CI_CAVITATION("SX-CI-CAVITATION", -3, Mark.U, "DESIGN", "Epler-2001"),
    BANDS("SX-BANDS", 0, Mark.U, "DESIGN"),
    EVIDENCE_LEVEL("SX-EVIDENCE-LEVEL", 0, Mark.U, "DESIGN"),
    NOT_VALIDATED("SX-NOT-VALIDATED", 0, Mark.V,
            "ATS/ERS-2013", "Cordier-2006", "King&Lee-2022", "Raghu&Meyer-2021", "KoreanGL-2021", "KoreanGL-2025");

    private final String ruleId;
    private final int points;
    private final RuleSource source;

    SxRule(String ruleId, int points, Mark mark, String... citations) {
        this.ruleId = ruleId;
        this.points = points;
        this.source = new RuleSource(ruleId, List.of(citations), mark);
    }

    @Override
    public String ruleId() {
        return ruleId;
    }

    @Override
    public int points() {
        return points;
    }

    @Override
    public RuleSource source() {
        return source;
    }

    /** The rule that scores a symptom: each listed code has exactly one. */
    public static SxRule forSymptom(Symptom symptom) {
        return switch (symptom) {
            case NONPRODUCTIVE_COUGH -> COUGH_NONPROD;
            case PRODUCTIVE_COUGH -> CI_COUGH_PROD;
            case DYSPNEA -> DYSPNEA;
            case FEVER -> FEVER;
            case MALAISE -> MALAISE;
            case FATIGUE -> FATIGUE;
            case WEIGHT_LOSS -> WEIGHT_LOSS;
            case HEMOPTYSIS -> CI_HEMOPTYSIS;
            case CRACKLES -> CRACKLES;
        };
    }
}
