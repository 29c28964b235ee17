package org.coppipeline.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.coppipeline.faults.CasePlans.CasePlan;
import org.coppipeline.faults.CasePlans.PlannedEvent;

/** The workload the checker relies on: unique cases over several hospitals, and recognisable newer events. */
class CasePlansTest {

    private final List<CasePlan> plans = CasePlans.plans("T-abcd", 400);

    @Test
    void everyCaseIsUniqueAndTheHospitalsAreMixed() {
        assertEquals(400, plans.stream().map(CasePlan::key).distinct().count());
        assertEquals(Set.copyOf(CasePlans.HOSPITALS), plans.stream().map(CasePlan::hospitalId).collect(Collectors.toSet()));
        assertTrue(plans.stream().allMatch(p -> p.caseId().matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")), "contract id pattern");
    }

    @Test
    void twoEventCasesHaveANewerEventWithAnotherOutcomeAndHalfArePostedNewestFirst() {
        List<CasePlan> twoEvents = plans.stream().filter(p -> p.events().size() == 2).toList();
        assertEquals(400 / CasePlans.TWO_EVENTS_EVERY, twoEvents.size());
        int newestFirst = 0;
        for (CasePlan plan : twoEvents) {
            PlannedEvent a = plan.events().get(0);
            PlannedEvent b = plan.events().get(1);
            assertNotEquals(a.occurredAt(), b.occurredAt(), plan.caseId());
            assertNotEquals(a.expectedRecommendation(), b.expectedRecommendation(), plan.caseId() + ": the newer one is recognisable");
            if (a.occurredAt().isAfter(b.occurredAt())) {
                newestFirst++;
            }
        }
        assertEquals(twoEvents.size() / 2, newestFirst, "half posted newest first");
    }

    @Test
    void theBodyIsTheExampleEventWithTheCasesIdsAndTime() {
        CasePlan plan = plans.get(7);
        PlannedEvent event = plan.events().get(0);
        ObjectNode body = CasePlans.body(plan, event, "6f1c0a52-0c1e-4d1a-9c55-3f0d4b7a2e10");
        ObjectNode example = (ObjectNode) CasePlans.examples().get(event.example()).get("event");
        assertEquals("6f1c0a52-0c1e-4d1a-9c55-3f0d4b7a2e10", body.get("eventId").asText());
        assertEquals(plan.caseId(), body.get("caseId").asText());
        assertEquals(plan.hospitalId(), body.get("hospitalId").asText());
        assertEquals(event.occurredAt().toString(), body.get("occurredAt").asText());
        assertEquals(example.get("patient"), body.get("patient"), "clinical picture untouched");
        assertEquals(example.size(), body.size(), "no field added or dropped");
    }
}
