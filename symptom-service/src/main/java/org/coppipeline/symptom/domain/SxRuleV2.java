package org.coppipeline.symptom.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * The SX rules of cop-knowledge.md "Knowledge v2", in the file's order; every other SX rule applies in v2 as in
 * {@link SxRule}. A rule whose id is new cites the keys of its v2 row. A rule of v1 whose meaning changed keeps its
 * id and cites its v1 keys followed by the v2 row's new ones: the v2 row names the sources of the change, while the
 * rest of the rule (e.g. migratory opacities in SX-CT-SIGN) still rests on the v1 sources. Points are CONTRACT
 * section 9's. A test compares this table with the knowledge file.
 */
public enum SxRuleV2 implements KnowledgeRule {
    AGE_40_80("SX-AGE-40-80", 1, Mark.U, null, "Gudmundsson-2006", "Cordier-2006"),
    CT_TYPICAL("SX-CT-TYPICAL", 4, Mark.U, SxRule.CT_TYPICAL, "Faria-2015", "Cordier-2006"),
    CT_NODULES("SX-CT-NODULES", 1, Mark.U, null, "Cordier-2000"),
    CT_SIGN("SX-CT-SIGN", 2, Mark.U, SxRule.CT_SIGN, "Maturu-2014"),
    CI_MASS("SX-CI-MASS", -1, Mark.U, SxRule.CI_MASS, "Cordier-1989", "Cordier-2000"),
    /** Cites what the knowledge file gives as its source; the file's Sources table lists it under DESIGN. */
    CAP_SYMPTOMS_ONLY("SX-CAP-SYMPTOMS-ONLY", 0, Mark.U, null, "research §7.3");

    private final String ruleId;
    private final int points;
    private final RuleSource source;

    SxRuleV2(String ruleId, int points, Mark mark, SxRule v1Meaning, String... v2Citations) {
        if (v1Meaning != null && !v1Meaning.ruleId().equals(ruleId)) {
            throw new IllegalArgumentException(ruleId + " cannot extend " + v1Meaning.ruleId());
        }
        List<String> citations = new ArrayList<>(v1Meaning == null ? List.of() : v1Meaning.source().citations());
        for (String citation : v2Citations) {
            if (!citations.contains(citation)) {
                citations.add(citation);
            }
        }
        this.ruleId = ruleId;
        this.points = points;
        this.source = new RuleSource(ruleId, citations, mark);
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
}
