package org.coppipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;

import org.coppipeline.gateway.support.Api;
import org.coppipeline.gateway.support.Database;
import org.coppipeline.gateway.support.Events;
import org.coppipeline.gateway.support.GatewayTestResources;
import org.coppipeline.gateway.support.LogCapture;
import org.coppipeline.gateway.support.StageRecords;
import org.coppipeline.gateway.support.StageResults;
import org.coppipeline.gateway.support.Tokens;

/**
 * CONTRACT 1: no PHI in any log line. Recognisable clinical values go through every path - accepted, repeated,
 * conflicting, stale, invalid, malformed, too large, foreign, projected, refused by the projector - with the
 * gateway's own loggers at DEBUG, and none of them may appear in what was logged.
 */
@QuarkusTest
@WithTestResource(GatewayTestResources.class)
class NoPhiInLogsTest {

    static final String HOSPITAL = "h-phi";
    static final String PUBLISHER = Tokens.publisher(HOSPITAL);
    static final String VIEWER = Tokens.viewer(HOSPITAL);
    static final String PHI_FIELD = "ZZPHI-FIELD";

    @Inject
    @Any
    InMemoryConnector connector;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void noClinicalValueReachesTheLogs() {
        String text;
        String acceptedId;
        try (LogCapture logs = LogCapture.install()) {
            String caseId = Events.newCaseId("phi");
            ObjectNode event = Events.event(UUID.randomUUID(), HOSPITAL, caseId, Instant.parse("2025-07-02T10:00:00Z"));
            acceptedId = event.get("eventId").asText();
            Api.post(PUBLISHER, event.toString()).then().statusCode(202);
            Api.post(PUBLISHER, event.toString()).then().statusCode(202);

            ObjectNode conflicting = event.deepCopy();
            ((ObjectNode) conflicting.get("tests").get("microbiology").get(1)).put("organism", Events.PHI_ORGANISM + "-2");
            Api.post(PUBLISHER, conflicting.toString()).then().statusCode(409);

            ObjectNode stale = Events.event(UUID.randomUUID(), HOSPITAL, caseId, Instant.parse("2025-07-01T10:00:00Z"));
            Api.post(PUBLISHER, stale.toString()).then().statusCode(202);

            ObjectNode invalid = Events.event(HOSPITAL, caseId);
            ((ObjectNode) invalid.get("patient")).put("weightKg", Events.PHI_WEIGHT);
            invalid.put(PHI_FIELD, Events.PHI_ORGANISM);
            ((ObjectNode) invalid.get("history").get("medications").get(0)).put("atcCode", Events.PHI_DRUG);
            Api.post(PUBLISHER, invalid.toString()).then().statusCode(400);

            Api.post(PUBLISHER, "{\"organism\": \"" + Events.PHI_ORGANISM + "\", \"weightKg\": " + Events.PHI_WEIGHT + " ,,")
                    .then().statusCode(400);
            Api.post(PUBLISHER, "{\"" + Events.PHI_ORGANISM + "\": 1, \"" + Events.PHI_ORGANISM + "\": 2}").then().statusCode(400);
            Api.post(PUBLISHER, "{\"patient\": {\"ageYears\": " + Events.PHI_WEIGHT + "e400}, \"x\": \"" + Events.PHI_DRUG + "\u0000\"}")
                    .then().statusCode(400);
            Api.post(PUBLISHER, event.toString() + " ".repeat(300 * 1024)).then().statusCode(413);
            Api.post(Tokens.publisher("h-elsewhere"), event.toString()).then().statusCode(403);
            Api.as(PUBLISHER).contentType("text/plain").body(event.toString()).post(Api.EVENTS).then().statusCode(415);

            // The projector: a result carrying PHI, and records it must refuse, carrying PHI too.
            ObjectNode record = (ObjectNode) readTree(StageRecords.scored(event));
            ((ObjectNode) record.get("symptomAssessment")).put("note", Events.PHI_ORGANISM + " " + Events.PHI_WEIGHT);
            StageResults.send(connector, "case-scored", record.toString());
            StageResults.send(connector, "case-scored", Events.PHI_ORGANISM + " " + Events.PHI_WEIGHT + " {");
            StageResults.send(connector, "case-scored", event.deepCopy().put("eventId", Events.PHI_ORGANISM)
                    .put("symptomAssessment", Events.PHI_DRUG).toString());
            ObjectNode foreign = (ObjectNode) readTree(StageRecords.assessed(event, "cop-probable"));
            foreign.put("caseId", "other-case");
            StageResults.send(connector, "case-assessed", foreign.toString());
            ObjectNode noSection = event.deepCopy();
            StageResults.send(connector, "case-planned", noSection.toString());
            // A marker result behind the records (the channel is consumed in order): once all three markers
            // are stored, every record above was handled and logged, and none is left over for the next test class.
            ObjectNode marker = Events.event(UUID.randomUUID(), HOSPITAL, Events.newCaseId("phi-marker"),
                    Instant.parse("2025-07-02T10:00:00Z"));
            Api.post(PUBLISHER, marker.toString()).then().statusCode(202);
            StageResults.send(connector, "case-scored", StageRecords.scored(marker));
            StageResults.send(connector, "case-assessed", StageRecords.assessed(marker, "cop-probable"));
            StageResults.send(connector, "case-planned", StageRecords.planned(marker, "cop-probable", "oral-glucocorticoid"));
            await().atMost(Duration.ofSeconds(60)).until(() -> Database.count(dataSource,
                    "SELECT count(*) FROM stage_result WHERE event_id = ?", UUID.fromString(marker.get("eventId").asText())) == 3);
            assertThat(Database.count(dataSource, "SELECT count(*) FROM stage_result WHERE event_id = ?",
                    UUID.fromString(acceptedId))).isEqualTo(1);

            Api.view(VIEWER, caseId).then().statusCode(200);
            Api.history(VIEWER, caseId).then().statusCode(200);
            Api.as(VIEWER).queryParam(Events.PHI_ORGANISM, Events.PHI_WEIGHT).get(Api.CASES).then().statusCode(400);
            text = logs.text();
        }

        // The capture worked: the gateway's own lines about this run are there (ids only).
        assertThat(text).contains("event " + acceptedId + " accepted");
        assertThat(text).contains("unprocessable case-scored record");
        assertThat(text).contains("unprocessable case-planned record");
        for (String phi : new String[] { Events.PHI_WEIGHT, Events.PHI_ORGANISM, Events.PHI_DRUG, PHI_FIELD, "ZZPHI" }) {
            assertThat(text).as("log output must not contain %s", phi).doesNotContain(phi);
        }
    }

    static com.fasterxml.jackson.databind.JsonNode readTree(String json) {
        try {
            return Events.JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
