package org.coppipeline.treatment.domain;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a knowledge version means for this stage, as data. The rules are the named methods the fields point to; a
 * version only chooses among them, so v1 and v2 share one planner and differ exactly where CONTRACT 9 says.
 *
 * @param moderateFloors findings that keep a case at least moderate (v2: SV-EXTENT)
 * @param secondaryOp the recommendation line for secondary-op (v1: TX-REC-TREAT-CAUSE, v2: TX-SECONDARY-GC)
 * @param causeActions whether the plan carries one action per present cause (v2: TX-CAUSE-ACTIONS)
 * @param relapseRegimenFor the conclusions whose relapse on taper the ladder can answer with the relapse regimen
 */
public record RuleSet(KnowledgeVersion version, List<SeverityRules.ModerateFloor> moderateFloors,
        RecommendationRules.SecondaryOpLine secondaryOp, boolean causeActions, Set<Conclusion> relapseRegimenFor) {

    private static final RuleSet V1 = new RuleSet(KnowledgeVersion.V1, List.of(),
            (causes, severity, findings) -> RecommendationRules.treatUnderlyingCause(causes), false,
            EnumSet.of(Conclusion.COP_PROBABLE, Conclusion.COP_CONFIRMED));
    private static final RuleSet V2 = new RuleSet(KnowledgeVersion.V2,
            List.of(SeverityRules::moderateByDlco, SeverityRules::moderateByExertionNadir, SeverityRules::moderateByLobes),
            RecommendationRules::secondaryOpLadder, true,
            EnumSet.of(Conclusion.COP_PROBABLE, Conclusion.COP_CONFIRMED, Conclusion.SECONDARY_OP));

    public RuleSet {
        Objects.requireNonNull(version, "version");
        moderateFloors = List.copyOf(moderateFloors);
        Objects.requireNonNull(secondaryOp, "secondaryOp");
        relapseRegimenFor = Collections.unmodifiableSet(EnumSet.copyOf(relapseRegimenFor));
    }

    public static RuleSet of(KnowledgeVersion version) {
        return switch (version) {
            case V1 -> V1;
            case V2 -> V2;
        };
    }
}
