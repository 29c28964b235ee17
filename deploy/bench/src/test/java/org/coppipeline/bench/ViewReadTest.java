package org.coppipeline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** The generator's streaming read of a case view: planned for this event, whatever else the view holds. */
class ViewReadTest {

    private static final UUID EVENT = UUID.fromString("6f1c2e0a-8a4b-4c6d-9e0f-1a2b3c4d5e6f");

    private static byte[] view(String stage, UUID event, String sections) {
        return ("{\"caseId\":\"b1-1\",\"hospitalId\":\"h\",\"eventId\":\"" + event + "\",\"occurredAt\":\"2026-12-05T04:00:00Z\","
                + "\"updatedAt\":\"2026-12-05T04:00:01Z\",\"stage\":\"" + stage + "\"" + sections + "}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void plannedForThisEvent() {
        assertTrue(PipelineLoad.isPlanned(view("planned", EVENT, ",\"treatmentPlan\":{\"stage\":\"x\",\"a\":[1,{\"eventId\":\"y\"}]}"), EVENT));
    }

    @Test
    void thePlannedViewsUpdatedAtIsReadToTheMicrosecond() {
        byte[] body = ("{\"caseId\":\"b1-1\",\"eventId\":\"" + EVENT + "\",\"updatedAt\":\"2026-12-05T04:00:01.123456Z\","
                + "\"stage\":\"planned\"}").getBytes(StandardCharsets.UTF_8);
        PipelineLoad.ViewState view = PipelineLoad.readView(body, EVENT);
        assertTrue(view.planned());
        assertEquals(java.time.Instant.parse("2026-12-05T04:00:01Z").getEpochSecond() * 1_000_000L + 123_456, view.updatedAtMicros());
        assertEquals(0, PipelineLoad.readView(("{\"eventId\":\"" + EVENT + "\",\"stage\":\"planned\",\"updatedAt\":\"yesterday\"}").getBytes(StandardCharsets.UTF_8), EVENT)
                .updatedAtMicros(), "an updatedAt that is not an instant reads as absent");
        assertFalse(PipelineLoad.readView(view("assessed", EVENT, ""), EVENT).planned());
    }

    @Test
    void anEarlierStageOrAnotherEventIsNotPlanned() {
        assertFalse(PipelineLoad.isPlanned(view("assessed", EVENT, ""), EVENT));
        assertFalse(PipelineLoad.isPlanned(view("planned", UUID.randomUUID(), ""), EVENT));
    }

    @Test
    void fieldsInsideSectionsDoNotCount() {
        byte[] nested = ("{\"symptomAssessment\":{\"stage\":\"planned\",\"eventId\":\"" + EVENT + "\"},\"stage\":\"scored\",\"eventId\":\""
                + EVENT + "\"}").getBytes(StandardCharsets.UTF_8);
        assertFalse(PipelineLoad.isPlanned(nested, EVENT));
        byte[] after = ("{\"symptomAssessment\":{\"x\":[{\"stage\":\"scored\"}]},\"stage\":\"planned\",\"eventId\":\"" + EVENT + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        assertTrue(PipelineLoad.isPlanned(after, EVENT));
    }

    @Test
    void notAViewIsNotPlanned() {
        assertFalse(PipelineLoad.isPlanned("[]".getBytes(StandardCharsets.UTF_8), EVENT));
        assertFalse(PipelineLoad.isPlanned("{\"stage\":".getBytes(StandardCharsets.UTF_8), EVENT));
        assertFalse(PipelineLoad.isPlanned(new byte[0], EVENT));
        assertFalse(PipelineLoad.isPlanned(("{\"stage\":{\"v\":\"planned\"},\"eventId\":\"" + EVENT + "\"}").getBytes(StandardCharsets.UTF_8), EVENT));
        assertFalse(PipelineLoad.isPlanned(("{\"stage\":{\"stage\":\"planned\",\"eventId\":\"" + EVENT + "\"}}").getBytes(StandardCharsets.UTF_8), EVENT),
                "a stage that is not a string is skipped whole, its members are not read as the view's");
    }
}
