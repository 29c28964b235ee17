package org.coppipeline.treatment.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import io.smallrye.reactive.messaging.memory.InMemorySource;

import org.coppipeline.treatment.TreatmentStage;

/** cop.knowledge.version=cop-knowledge-v1 pins live records to v1; a replay record still gets the version it names. */
@QuarkusTest
@TestProfile(PinnedV1Test.PinnedV1.class)
@WithTestResource(InMemoryChannels.class)
class PinnedV1Test {

    public static class PinnedV1 implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cop.knowledge.version", "cop-knowledge-v1");
        }
    }

    @Inject
    @org.eclipse.microprofile.reactive.messaging.spi.Connector("smallrye-in-memory")
    InMemoryConnector connector;

    @Inject
    ObjectMapper mapper;

    private InMemorySource<Object> in;
    private InMemorySink<byte[]> out;
    private InMemorySink<byte[]> dlq;

    @BeforeEach
    void channels() {
        in = connector.source(Topics.IN);
        out = connector.sink(Topics.OUT);
        dlq = connector.sink(Topics.DLQ);
        out.clear();
        dlq.clear();
    }

    @Test
    void liveRecordsGetV1AndAReplayRecordTheVersionItNames() throws Exception {
        String payload = mapper.writeValueAsString(StageRecords.amiodaroneRecord(mapper));
        in.send(StageRecords.poll(payload));
        in.send(StageRecords.fromKafka(payload, StageRecords.replayHeaders("replay-v2", "cop-knowledge-v2")));
        await().atMost(Duration.ofSeconds(60)).until(() -> out.received().size() == 2);

        Message<byte[]> live = out.received().get(0);
        JsonNode livePlan = mapper.readTree(live.getPayload()).path(TreatmentStage.SECTION);
        assertEquals("cop-knowledge-v1", livePlan.path("knowledgeVersion").asText());
        assertEquals("treat-underlying-cause", livePlan.path("recommendation").asText());
        assertTrue(livePlan.path("causeActions").isMissingNode());
        assertEquals("cop-knowledge-v1", StageRecords.header(live, "knowledgeVersion"));

        Message<byte[]> replayed = out.received().get(1);
        JsonNode replayedPlan = mapper.readTree(replayed.getPayload()).path(TreatmentStage.SECTION);
        assertEquals("cop-knowledge-v2", replayedPlan.path("knowledgeVersion").asText());
        assertEquals("oral-glucocorticoid", replayedPlan.path("recommendation").asText());
        assertEquals("cop-knowledge-v2", StageRecords.header(replayed, "knowledgeVersion"));
        assertEquals("replay-v2", StageRecords.header(replayed, "replayId"));
    }
}
