package org.coppipeline.treatment.messaging;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/** Records as the exclusion stage forwards them, and Kafka headers in and out, for the in-memory channel tests. */
final class StageRecords {

    /**
     * The amiodarone-secondary-op example as exclusion v2 forwards it: secondary OP (probable), infection excluded,
     * the drug category present with the knowledge-base name of the drug.
     */
    static ObjectNode amiodaroneRecord(ObjectMapper mapper) throws Exception {
        JsonNode example = mapper.readTree(Files.readString(
                Path.of("src/test/resources/contract/examples/amiodarone-secondary-op.json"), StandardCharsets.UTF_8));
        ObjectNode record = example.path("event").deepCopy();
        record.putObject("symptomAssessment").put("suspicionScore", 15).put("suspicion", "high")
                .put("knowledgeVersion", "cop-knowledge-v2");
        ObjectNode cause = record.putObject("causeAssessment");
        cause.put("conclusion", "secondary-op").put("opEvidence", "probable").put("knowledgeVersion", "cop-knowledge-v2");
        ObjectNode categories = cause.putObject("categories");
        example.path("expected").path("categories").fields().forEachRemaining(e -> {
            ObjectNode category = categories.putObject(e.getKey());
            category.put("status", e.getValue().asText());
            category.putArray("evidence");
        });
        ObjectNode drug = (ObjectNode) categories.path("drug");
        drug.withArray("evidence").add("Amiodarone (current): listed as reported to cause organizing pneumonia");
        drug.putArray("drugs").add("amiodarone");
        cause.putArray("alternativeDiagnoses");
        return record;
    }

    /** A poll of one record as the Kafka connector delivers it: the payload with its record's headers. */
    static Message<?> fromKafka(String payload, Map<String, String> headers) {
        RecordHeaders consumed = new RecordHeaders();
        headers.forEach((name, value) -> consumed.add(name, value.getBytes(StandardCharsets.UTF_8)));
        return new Poll().add(payload, consumed).batch();
    }

    /** A poll of one record without headers. */
    static Message<?> poll(String payload) {
        return Poll.of(payload).batch();
    }

    static Map<String, String> replayHeaders(String replayId, String version) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("replayId", replayId);
        headers.put("replayKnowledgeVersion", version);
        return headers;
    }

    /** The outgoing record's header, or null when it has none. */
    static String header(Message<?> message, String name) {
        Header header = message.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow().getHeaders().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private StageRecords() {
    }
}
