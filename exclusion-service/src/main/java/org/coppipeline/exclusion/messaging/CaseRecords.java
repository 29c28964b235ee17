package org.coppipeline.exclusion.messaging;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.quarkus.runtime.Startup;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

import org.coppipeline.exclusion.domain.KnowledgeVersion;

/**
 * Reads and writes the record that flows between stages: the case event plus every section added so
 * far, kept as a JSON tree so that fields this stage does not bind pass through untouched.
 * <p>
 * Tracing is the Kafka connector's: it continues the incoming record's {@code traceparent} in a consumer span and
 * writes the outgoing record's {@code traceparent} from the span this message carries (the outgoing message keeps
 * the incoming one's metadata). This class therefore never copies that header, which would send it twice.
 * <p>
 * Knowledge version per record (CONTRACT section 9): a replay record (a {@code replayId} header, see {@link Replay}) is
 * evaluated with the version its {@code replayKnowledgeVersion} header names, every other record with the configured
 * one; the outgoing record says which in its {@code knowledgeVersion} header and carries the replay headers on. A
 * replay is counted as {@code replayed}, never as {@code processed}, and never reaches the rule-outcome counters.
 * Created at start so that its counters show on /q/metrics (at 0) before the first record.
 */
@Startup
@ApplicationScoped
public class CaseRecords {

    private static final Logger LOG = Logger.getLogger(CaseRecords.class);

    /** Prometheus: cop_stage_records_total{stage, outcome="processed"|"replayed"|"dead-lettered"}. */
    static final String RECORDS_METRIC = "cop.stage.records";
    /** Prometheus: cop_stage_dead_letters_total{stage, cause="record"|"stage-error"}. */
    static final String DEAD_LETTERS_METRIC = "cop.stage.dead.letters";

    private final ObjectMapper mapper;
    private final String stageName;
    private final Counter processed;
    private final Counter replayed;
    private final Counter deadLettered;
    private final Counter badRecords;
    private final Counter stageErrors;

    public CaseRecords(ObjectMapper mapper, MeterRegistry meters,
            @ConfigProperty(name = "quarkus.application.name") String stageName) {
        this.mapper = mapper;
        this.stageName = stageName;
        this.processed = records(meters, "processed");
        this.replayed = records(meters, "replayed");
        this.deadLettered = records(meters, "dead-lettered");
        this.badRecords = deadLetters(meters, "record");
        this.stageErrors = deadLetters(meters, "stage-error");
    }

    private Counter records(MeterRegistry meters, String outcome) {
        return Counter.builder(RECORDS_METRIC).description("Records this stage read, by outcome")
                .tag("stage", stageName).tag("outcome", outcome).register(meters);
    }

    private Counter deadLetters(MeterRegistry meters, String cause) {
        return Counter.builder(DEAD_LETTERS_METRIC)
                .description("Records sent to this stage's dead-letter topic: a record it cannot read, or its own failure")
                .tag("stage", stageName).tag("cause", cause).register(meters);
    }

    /**
     * One stage step: read the record, add the section under the record's knowledge version, forward it. A record
     * that cannot be processed is nacked into the dead-letter topic and skipped (null). The catch is needed: SmallRye
     * does not nack on a throw from a Message-to-Message method, it fails the whole stream, so one poison record
     * would stop the consumer.
     *
     * @param configured the version of a live record
     * @param countLive  counts the rule outcome of a live record's section and returns it (a replay's is not counted)
     */
    public Message<String> process(Message<String> in, String section, KnowledgeVersion configured,
            BiFunction<ObjectNode, KnowledgeVersion, JsonNode> assess, UnaryOperator<JsonNode> countLive) {
        // The connector's consumer span is current while the record is processed, so log lines carry its trace id.
        try (Scope traced = traceOf(in).makeCurrent()) {
            try {
                Optional<Replay> replay = Replay.of(in);
                KnowledgeVersion version = replay.map(Replay::version).orElse(configured);
                ObjectNode record = read(in.getPayload());
                JsonNode assessed = assess.apply(record, version);
                record.set(section, replay.isPresent() ? assessed : countLive.apply(assessed));
                Message<String> out = forward(in, record, version, replay);
                (replay.isPresent() ? replayed : processed).increment();
                return out;
            } catch (UnprocessableRecordException e) {
                badRecords.increment();
                return reject(in, e);
            } catch (RuntimeException e) {
                // A defect of this stage, not of the record: only the type goes to the header, a message could quote data.
                stageErrors.increment();
                return reject(in, new UnprocessableRecordException(stageName + " failed: " + e.getClass().getName()));
            }
        }
    }

    private Message<String> reject(Message<String> in, UnprocessableRecordException reason) {
        Headers headers = new RecordHeaders();
        header(headers, "dead-letter-stage", stageName);
        deadLettered.increment();
        // Where the record is and why, never what it holds.
        LOG.warnf("record %s dead-lettered: %s", position(in), reason.getMessage());
        in.nack(reason, Metadata.of(OutgoingKafkaRecordMetadata.builder().withHeaders(headers).build()));
        return null;
    }

    /** The span the connector started for this record, or the current context when there is none (tests, tracing off). */
    private static Context traceOf(Message<?> in) {
        return TracingMetadata.fromMessage(in).map(TracingMetadata::getCurrentContext).orElse(Context.current());
    }

    /** topic-partition@offset of an incoming Kafka record: enough to find it in the DLQ's headers, no PHI. */
    @SuppressWarnings("unchecked")
    private static String position(Message<?> in) {
        return in.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(meta -> meta.getTopic() + "-" + meta.getPartition() + "@" + meta.getOffset())
                .orElse("(not from Kafka)");
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

    /**
     * The outgoing record: same acknowledgement as the incoming one, so the offset commits only once this is written.
     * A replay's headers go on with it.
     */
    private Message<String> forward(Message<String> in, ObjectNode record, KnowledgeVersion version,
            Optional<Replay> replay) {
        Headers headers = new RecordHeaders();
        header(headers, "eventId", record.path("eventId").asText());
        header(headers, "hospitalId", record.path("hospitalId").asText());
        header(headers, "schemaVersion", record.path("schemaVersion").asText("1"));
        header(headers, "knowledgeVersion", version.code());
        replay.ifPresent(r -> r.copyTo(headers));
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
}
