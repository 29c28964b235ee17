package org.coppipeline.treatment.domain;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * TX-CAUSE-ACTIONS (knowledge v2): one action per present cause category, whatever the conclusion and the
 * recommendation, so that a removable cause is dealt with while the rest of the work-up goes on (a suspected OP on
 * amiodarone says "withdraw amiodarone" before the CT).
 */
public final class CauseActions {

    /** The action for every category but drug, whose action names the drug. Radiation leaves nothing to remove. */
    private static final Map<CauseCategory, CauseAction> FIXED = fixed();
    /** When the exclusion service named no drug: never a guess from free-text evidence. */
    private static final CauseAction UNNAMED_DRUG = new CauseAction(CauseCategory.DRUG,
            "withdraw and avoid the drug the cause assessment links to organizing pneumonia (see its evidence)",
            Knowledge.TX_CAUSE_ACTIONS);

    /** The actions for the present categories, in contract order; empty when none is present. */
    public static List<CauseAction> forPresent(CauseAssessment causes) {
        List<CauseCategory> present = causes.withStatus(CategoryStatus.PRESENT);
        List<CauseAction> actions = new ArrayList<>(present.size());
        for (CauseCategory category : present) {
            actions.add(category == CauseCategory.DRUG ? drug(causes.finding(category)) : FIXED.get(category));
        }
        return actions;
    }

    /** Withdraw and avoid the drugs the exclusion service named (knowledge-base names, in its order). */
    static CauseAction drug(CategoryFinding finding) {
        List<String> drugs = finding.drugs();
        if (drugs.isEmpty()) {
            return UNNAMED_DRUG;
        }
        StringBuilder named = new StringBuilder(drugs.get(0));
        for (int i = 1; i < drugs.size(); i++) {
            named.append(i == drugs.size() - 1 ? " and " : ", ").append(drugs.get(i));
        }
        return new CauseAction(CauseCategory.DRUG, "withdraw " + named + " and avoid re-exposure", Knowledge.TX_CAUSE_ACTIONS);
    }

    private static Map<CauseCategory, CauseAction> fixed() {
        Map<CauseCategory, String> texts = new EnumMap<>(CauseCategory.class);
        texts.put(CauseCategory.INFECTION, "treat the infection");
        texts.put(CauseCategory.RADIATION, "no removable cause (radiation): follow the plan");
        texts.put(CauseCategory.CONNECTIVE_TISSUE_DISEASE, "refer to rheumatology");
        texts.put(CauseCategory.HEMATOLOGIC_MALIGNANCY, "refer to haematology");
        texts.put(CauseCategory.INFLAMMATORY_BOWEL_DISEASE, "refer to gastroenterology");
        texts.put(CauseCategory.TRANSPLANT, "refer to the transplant team");
        texts.put(CauseCategory.ASPIRATION_EXPOSURE, "stop the exposure");
        Map<CauseCategory, CauseAction> actions = new EnumMap<>(CauseCategory.class);
        texts.forEach((category, text) -> actions.put(category, new CauseAction(category, text, Knowledge.TX_CAUSE_ACTIONS)));
        return actions;
    }

    private CauseActions() {
    }
}
