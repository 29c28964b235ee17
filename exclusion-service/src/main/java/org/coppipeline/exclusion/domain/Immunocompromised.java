package org.coppipeline.exclusion.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * CONTRACT section 9: a patient is immunocompromised when patient.immunocompromised is true, or a condition is
 * hematopoietic-stem-cell-transplant, solid-organ-transplant, leukemia, lymphoma or myelodysplastic-syndrome, or
 * the current prednisone dose reaches the threshold (20 mg/day by default). Listed conditions count whether or not
 * the history is marked reviewed: the review flags decide cause categories, not the host's defences. Only knowledge
 * v2 reads this.
 */
public final class Immunocompromised {

    private static final List<Condition> CONDITIONS = List.of(Condition.HEMATOPOIETIC_STEM_CELL_TRANSPLANT,
            Condition.SOLID_ORGAN_TRANSPLANT, Condition.LEUKEMIA, Condition.LYMPHOMA, Condition.MYELODYSPLASTIC_SYNDROME);

    private Immunocompromised() {
    }

    /** Why the patient counts as immunocompromised, in words a clinician reads; empty when nothing says so. */
    public static Optional<String> why(CauseInput input, double prednisoneMgPerDay) {
        List<String> why = new ArrayList<>(3);
        if (Boolean.TRUE.equals(input.host().reportedImmunocompromised())) {
            why.add("reported immunocompromised");
        }
        for (Condition condition : CONDITIONS) {
            if (input.history().hasCondition(condition)) {
                why.add(condition.code());
            }
        }
        Double prednisone = input.host().currentPrednisoneMgPerDay();
        if (prednisone != null && prednisone >= prednisoneMgPerDay) {
            why.add("prednisone " + plain(prednisone) + " mg/day (>= " + plain(prednisoneMgPerDay) + ")");
        }
        return why.isEmpty() ? Optional.empty() : Optional.of("immunocompromised: " + String.join(", ", why));
    }

    /** 20.0 -> "20", 12.5 -> "12.5". */
    private static String plain(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
