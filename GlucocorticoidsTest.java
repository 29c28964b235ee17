package org.coppipeline.gateway.cds;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Which draft orders are systemic glucocorticoids (CONTRACT 7 codes), however the medication is given. */
class GlucocorticoidsTest {

    static JsonNode drafts(String system, String code) {
        return Prefetch.orderSign("p-1", null, system, code, "the drug").path("context").path("draftOrders");
    }

    @ParameterizedTest
    @CsvSource({
            "http://www.whocc.no/atc, H02AB07, true", "http://www.whocc.no/atc, H02AB04, true",
            "http://www.whocc.no/atc, h02ab02, true", "http://www.whocc.no/atc, H02AA02, false",
            "http://www.whocc.no/atc, R03BA02, false", "http://www.whocc.no/atc, J01CA04, false",
            "http://www.nlm.nih.gov/research/umls/rxnorm, 8640, true", "http://www.nlm.nih.gov/research/umls/rxnorm, 6902, true",
            "http://www.nlm.nih.gov/research/umls/rxnorm, 8638, true", "http://www.nlm.nih.gov/research/umls/rxnorm, 5492, true",
            "http://www.nlm.nih.gov/research/umls/rxnorm, 3264, true", "http://www.nlm.nih.gov/research/umls/rxnorm, 723, false",
            "http://snomed.info/sct, 116602009, false" })
    void codes(String system, String code, boolean glucocorticoid) {
        assertThat(Glucocorticoids.drafts(drafts(system, code))).hasSize(glucocorticoid ? 1 : 0);
    }

    @Test
    void theDraftsIdAndNameAreKept() {
        var found = Glucocorticoids.drafts(drafts(Glucocorticoids.ATC, "H02AB07"));
        assertThat(found.get(0).reference()).contains("MedicationRequest/draft-rx-1");
        assertThat(found.get(0).name()).isEqualTo("the drug");
    }

    @Test
    void aContainedOrBundledMedicationIsResolved() {
        ObjectNode drafts = (ObjectNode) drafts(Glucocorticoids.ATC, "H02AB07").deepCopy();
        ObjectNode order = (ObjectNode) drafts.path("entry").get(0).path("resource");
        order.remove("medicationCodeableConcept");
        order.putObject("medicationReference").put("reference", "#med");
        ObjectNode contained = order.putArray("contained").addObject().put("resourceType", "Medication").put("id", "med");
        contained.putObject("code").putArray("coding").addObject().put("system", Glucocorticoids.RXNORM).put("code", "6902")
                .put("display", "methylprednisolone");
        assertThat(Glucocorticoids.drafts(drafts)).extracting(Glucocorticoids.Draft::name).containsExactly("methylprednisolone");

        order.remove("contained");
        order.putObject("medicationReference").put("reference", "Medication/m-2");
        ObjectNode medication = drafts.withArray("entry").addObject().putObject("resource").put("resourceType", "Medication")
                .put("id", "m-2");
        medication.putObject("code").putArray("coding").addObject().put("system", Glucocorticoids.ATC).put("code", "H02AB02");
        assertThat(Glucocorticoids.drafts(drafts)).hasSize(1);
        assertThat(Glucocorticoids.drafts(drafts).get(0).id()).isEqualTo(Optional.of("draft-rx-1"));
    }

    @Test
    void noDraftOrdersNoGlucocorticoid() {
        assertThat(Glucocorticoids.drafts(null)).isEmpty();
        assertThat(Glucocorticoids.drafts(Prefetch.JSON.createObjectNode())).isEmpty();
    }
}
