package org.coppipeline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

class CaseEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void eachCaseIsAnExampleWithItsOwnIdsAndAHospitalInTurn() throws IOException {
        CaseEvents events = new CaseEvents(List.of("h1", "h2", "h3"), "run1");
        List<ObjectNode> examples = CaseEvents.loadExamples();
        Set<String> keys = new HashSet<>();
        Set<String> eventIds = new HashSet<>();
        for (int n = 0; n < 24; n++) {
            CaseEvents.CaseEvent event = events.next(n);
            ObjectNode body = (ObjectNode) JSON.readTree(event.body());
            assertEquals(List.of("h1", "h2", "h3").get(n % 3), body.get("hospitalId").asText());
            assertEquals(event.hospitalId(), body.get("hospitalId").asText());
            assertEquals(event.caseId(), body.get("caseId").asText());
            assertEquals(event.eventId().toString(), body.get("eventId").asText());
            Instant.parse(body.get("occurredAt").asText());
            keys.add(event.key());
            eventIds.add(event.eventId().toString());

            // Everything but the four identity fields is the example's clinical picture, untouched.
            ObjectNode example = examples.get(n % examples.size()).deepCopy();
            for (String field : new String[] { "eventId", "caseId", "hospitalId", "occurredAt" }) {
                example.remove(field);
                body.remove(field);
            }
            assertEquals(example, body);
        }
        assertEquals(24, keys.size(), "one case per event");
        assertEquals(24, eventIds.size(), "a fresh eventId per event");
        assertNotEquals(events.next(0).caseId(), new CaseEvents(List.of("h1"), "run2").next(0).caseId(), "runs do not share case ids");
    }

    @Test
    void needsAHospital() {
        assertThrows(IllegalArgumentException.class, () -> new CaseEvents(List.of(), "r"));
    }
}
