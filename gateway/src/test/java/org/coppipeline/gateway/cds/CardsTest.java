package org.coppipeline.gateway.cds;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The cards from stage sections, without the server: CDS Hooks 2.0 shape, wording limits, escaping, no empty values. */
class CardsTest {

    static final Cards.Context CONTEXT = new Cards.Context("cds-0123456789abcdef0123456789abcdef",
            "https://cds.example/dashboard/#/case/cds-0123456789abcdef0123456789abcdef", Optional.empty(), "pat-9",
            UUID::randomUUID);

    static CdsStore.Plan plan(Plans.Outcome outcome) {
        return new CdsStore.Plan(outcome.causeAssessment(), outcome.treatmentPlan());
    }

    static JsonNode answer(List<ObjectNode> cards) {
        ObjectNode answer = Prefetch.JSON.createObjectNode();
        var array = answer.putArray("cards");
        cards.forEach(card -> array.add(NoEmptyValues.strip(card)));
        return answer;
    }

    @Test
    void everyCardKindKeepsTheCdsHooksRules() {
        List<Glucocorticoids.Draft> prednisone = List.of(new Glucocorticoids.Draft(Optional.of("rx-1"), "prednisone"));
        int cards = 0;
        for (Plans.Outcome outcome : List.of(Plans.copConfirmed(), Plans.infectionPending(), Plans.infectionMissing(),
                Plans.otherCauseOpen(), Plans.opUnlikely())) {
            JsonNode patientView = answer(Cards.patientView(plan(outcome), CONTEXT));
            JsonNode orderSign = answer(Cards.orderSign(plan(outcome), prednisone, CONTEXT));
            CdsShape.response(patientView);
            CdsShape.response(orderSign);
            cards += patientView.path("cards").size() + orderSign.path("cards").size();
        }
        CdsShape.response(answer(Cards.inProgress(CONTEXT, 2000)));
        assertThat(cards).isEqualTo(9);
    }

    @Test
    void stageTextIsEscapedInMarkdownAndASummaryStaysUnder140Characters() {
        Plans.Outcome outcome = Plans.infectionPending();
        ((ObjectNode) outcome.treatmentPlan().path("warnings").get(0)).put("message",
                "[click](javascript:alert(1)) <img src=x onerror=alert(1)> **bold**");
        outcome.causeAssessment().put("conclusion", "x".repeat(300));
        JsonNode card = Cards.patientView(plan(outcome), CONTEXT).get(0);
        String detail = card.path("detail").asText();
        assertThat(detail).contains("\\[click\\]\\(javascript\\:alert\\(1\\)\\)").contains("\\<img")
                .doesNotContainPattern("(?<!\\\\)<img").doesNotContain("[click](");
        assertThat(card.path("summary").asText().length()).isLessThan(140);
        assertThat(card.path("summary").asText()).endsWith("…");
    }

    @Test
    void draftsWithoutAnIdGetNoDeleteAndPendingTestsAreNotOrderedAgain() {
        List<Glucocorticoids.Draft> anonymous = List.of(new Glucocorticoids.Draft(Optional.empty(), "prednisone"));
        JsonNode card = Cards.orderSign(plan(Plans.infectionMissing()), anonymous, CONTEXT).get(0);
        assertThat(card.path("suggestions")).hasSize(1);
        JsonNode only = card.path("suggestions").get(0);
        assertThat(only.path("label").asText()).isEqualTo("Order the missing microbiology");
        assertThat(only.path("actions").findValuesAsText("type")).containsExactly("create", "create");
        assertThat(only.path("actions").toString()).doesNotContain("result pending");

        JsonNode pending = Cards.orderSign(plan(Plans.infectionPending()), anonymous, CONTEXT).get(0);
        assertThat(pending.has("suggestions")).isFalse();
        assertThat(pending.has("selectionBehavior")).isFalse();
        assertThat(pending.path("indicator").asText()).isEqualTo("critical");
    }

    @Test
    void anOrderOfSeveralGlucocorticoidsCancelsEachWithAnId() {
        List<Glucocorticoids.Draft> two = List.of(new Glucocorticoids.Draft(Optional.of("rx-1"), "prednisone"),
                new Glucocorticoids.Draft(Optional.of("rx-2"), "dexamethasone"));
        JsonNode card = Cards.orderSign(plan(Plans.infectionMissing()), two, CONTEXT).get(0);
        assertThat(card.path("suggestions").get(0).path("actions").findValuesAsText("resourceId"))
                .containsExactly("MedicationRequest/rx-1", "MedicationRequest/rx-2");
    }

    @Test
    void citationKeysAndRuleIdsAreListedAsCodeSpans() {
        String detail = Cards.patientView(plan(Plans.infectionPending()), CONTEXT).get(0).path("detail").asText();
        assertThat(detail).contains("**Sources:** `Cordier-2006`, `ATS/ERS-2013`, `Zhang-2020`, `Raghu&Meyer-2021`")
                .contains("`TX-GATE-INFECTION`").contains("`KoreanGL-2025`");
    }

    @Test
    void noEmptyValuesAreLeftAnywhere() {
        ObjectNode node = Prefetch.JSON.createObjectNode().put("a", "").put("b", "x");
        node.putArray("c").addObject().putArray("d");
        node.putObject("e").putNull("f");
        node.putArray("g").add(" ").add("y");
        assertThat(NoEmptyValues.strip(node).toString()).isEqualTo("{\"b\":\"x\",\"g\":[\"y\"]}");
    }
}
