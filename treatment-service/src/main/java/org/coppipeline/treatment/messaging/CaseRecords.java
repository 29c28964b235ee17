package org.coppipeline.treatment.messaging;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Reads and writes the record that flows between stages: the case event plus every section added so
 * far, kept as a JSON tree so that fields this stage does not bind pass through untouched.
 */
@ApplicationScoped
public class CaseRecords {

    private final ObjectMapper mapper;
    private final String stageName;

    public CaseRecords(ObjectMapper mapper, @ConfigProperty(name = "quarkus.application.name") String stageName) {
        this.mapper = mapper;
        this.stageName = stageName;
    }

    /**
     * One stage step: read the record, add the section, forward it. A record that cannot be processed is nacked
     * into the dead-letter topic and skipped (null). The catch is needed: SmallRye does not nack on a throw from a
     * Message-to-Message method, it fails the whole stream, so one poison record would stop the consumer.
     */
    public Message<String> process(Message<String> in, String section, Function<ObjectNode, JsonNode> assess,
            String knowledgeVersion) {
        try {
            ObjectNode record = read(in.getPayload());
            record.set(section, assess.apply(record));
            return forward(in, record, knowledgeVersion);
        } catch (UnprocessableRecordException e) {
            return reject(in, e);
        } catch (RuntimeException e) {
            // A defect of this stage, not of the record: only the type goes to the header, a message could quote data.
            return reject(in, new UnprocessableRecordException(stageName + " failed: " + e.getClass().getName()));
        }
    }

    private Message<String> reject(Message<String> in, UnprocessableRecordException reason) {
        Headers headers = new RecordHeaders();
        header(headers, "dead-letter-stage", stageName);
        in.nack(reason, Metadata.of(OutgoingKafkaRecordMetadata.builder().withHeaders(headers).build()));
        return null;
    }

    public ObjectNode read(String value) {
        if (value == null) {
            throw new UnprocessableRecordException("record has no value");
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(value);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new UnprocessableRecordException("value is not valid JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        }
        if (!(tree instanceof ObjectNode record)) {
            throw new UnprocessableRecordException("value is not a JSON object");
        }
        for (String field : new String[] { "eventId", "caseId", "hospitalId" }) {
            if (!record.path(field).isTextual()) {
                throw new UnprocessableRecordException("missing or non-text /" + field);
            }
        }
        return record;
    }

    /** Maps a binding failure to its JSON pointer, never to the offending value. */
    public static UnprocessableRecordException unbindable(JsonMappingException e) {
        StringBuilder pointer = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            pointer.append('/').append(ref.getFieldName() != null ? ref.getFieldName() : String.valueOf(ref.getIndex()));
        }
        return new UnprocessableRecordException("cannot bind " + (pointer.isEmpty() ? "/" : pointer));
    }

    /** Key of every record of a case: a case id is unique only within its hospital. */
    public static String key(ObjectNode record) {
        return record.path("hospitalId").asText() + "/" + record.path("caseId").asText();
    }

    /** The outgoing record: same acknowledgement as the incoming one, so the offset commits only once this is written. */
    public Message<String> forward(Message<String> in, ObjectNode record, String knowledgeVersion) {
        Headers headers = new RecordHeaders();
        header(headers, "eventId", record.path("eventId").asText());
        header(headers, "hospitalId", record.path("hospitalId").asText());
        header(headers, "schemaVersion", record.path("schemaVersion").asText("1"));
        header(headers, "knowledgeVersion", knowledgeVersion);
        incomingHeader(in, "traceparent").ifPresent(tp -> headers.add("traceparent", tp));
        String json;
        try {
            json = mapper.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new UnprocessableRecordException("cannot write the outgoing record");
        }
        return in.withPayload(json).addMetadata(OutgoingKafkaRecordMetadata.<String> builder()
                .withKey(key(record))
                .withHeaders(headers)
                .build());
    }

    private static void header(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private static Optional<byte[]> incomingHeader(Message<String> in, String name) {
        return in.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(meta -> meta.getHeaders().lastHeader(name))
                .map(h -> h.value());
    }
}
