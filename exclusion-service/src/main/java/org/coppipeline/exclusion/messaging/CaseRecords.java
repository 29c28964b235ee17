package org.coppipeline.exclusion.messaging;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Multi;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

import org.coppipeline.exclusion.domain.KnowledgeVersion;

/**
 * Reads and writes the record that flows between stages: the case event plus every section added so
 * far, kept as a JSON tree so that fields this stage does not bind pass through untouched. Values are bytes on every
 * hop: the tree is read from the consumed bytes and the outgoing record written as bytes, with no String in between.
 * <p>
 * A poll's records come as one batch. Each record gives either its outgoing record or a dead letter, in the poll's
 * order; the batch is acknowledged (its offsets committed) only once every one of them is acknowledged by the broker,
 * so no offset is committed before the record's output or dead letter exists. If one is refused, the batch stays
 * unacknowledged: its records are read again after a restart or a rebalance (at-least-once).
 * <p>
 * Dead letters are this class's own, one per record, on the {@link Topics#DLQ} channel: nacking one record of a batch
 * makes the connector's dead-letter strategy acknowledge that record on its own, which under the throttled commit
 * strategy can commit the batch's last offset before the records ahead of it are written. They carry the headers the
 * connector's strategy writes (dead-letter-exception-class-name, -reason, -topic, -partition, -offset, the consumed
 * record's own headers, its traceparent among them) plus dead-letter-stage, and the consumed key and value unchanged.
 * <p>
 * Tracing is the Kafka connector's: it continues each consumed record's {@code traceparent} in a consumer span and
 * writes the outgoing record's {@code traceparent} from the span the outgoing message carries (the consumed record's
 * {@link TracingMetadata}). This class therefore never copies that header onto an outgoing record, which would send
 * it twice; the dead-letter channel has tracing off, so a dead letter keeps the consumed one only.
 * <p>
 * Knowledge version per record (CONTRACT section 9): a replay record (a {@code replayId} header, see {@link Replay}) is
 * evaluated with the version its {@code replayKnowledgeVersion} header names, every other record with the configured
 * one; the outgoing record says which in its {@code knowledgeVersion} header and carries the replay headers on. A
 * replay is counted as {@code replayed}, never as {@code processed}, and never reaches the rule-outcome counters.
 * <p>
 * On a graceful stop the stage takes no new poll and waits for the records it took to be settled before the connector
 * commits and closes ({@link GracefulStop}): a record is then either written and committed, or neither.
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
    /** As {@link #mapper}, with every non-integer number read exactly (BigDecimal), not as a double. */
    private final ObjectMapper exact;
    private final String stageName;
    private final Counter processed;
    private final Counter replayed;
    private final Counter deadLettered;
    private final Counter badRecords;
    private final Counter stageErrors;
    private final GracefulStop stop = new GracefulStop();
    private final Duration drainTimeout;

    /** Unbounded: a poll's dead letters are few and bounded by the poll; refusing one would stall the batch. */
    @Inject
    @Channel(Topics.DLQ)
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
    Emitter<byte[]> deadLetters;

    public CaseRecords(ObjectMapper mapper, MeterRegistry meters,
            @ConfigProperty(name = "quarkus.application.name") String stageName,
            @ConfigProperty(name = "cop.stage.stop-drain-timeout", defaultValue = "5s") Duration drainTimeout) {
        this.mapper = mapper;
        this.drainTimeout = drainTimeout;
        this.exact = mapper.copy().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
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
     * One stage step for a poll: each record read, given the section under its knowledge version and forwarded, in
     * order; a record that cannot be processed goes alone to the dead-letter topic and the others go on.
     *
     * @param configured the version of a live record
     * @param countLive  counts the rule outcome of a live record's section and returns it (a replay's is not counted)
     * @return the outgoing records; acknowledging all of them (and the batch's dead letters) acknowledges the batch
     */
    public Multi<Message<byte[]>> process(KafkaRecordBatch<byte[], byte[]> batch, String section,
            KnowledgeVersion configured, BiFunction<ObjectNode, KnowledgeVersion, JsonNode> assess,
            UnaryOperator<JsonNode> countLive) {
        List<KafkaRecord<byte[], byte[]>> consumed = batch.getRecords();
        if (!stop.take(consumed.size())) {
            // Stopping: neither processed nor acknowledged, so read again (once) by the partition's next owner.
            return Multi.createFrom().empty();
        }
        Settlement settlement = new Settlement(batch, consumed.size(), stop);
        List<Message<byte[]>> out = new ArrayList<>(consumed.size());
        for (KafkaRecord<byte[], byte[]> in : consumed) {
            Message<byte[]> result = process(in, section, configured, assess, countLive, settlement);
            if (result != null) {
                out.add(result);
            }
        }
        return Multi.createFrom().iterable(out);
    }

    /** One record: its outgoing record, or null once it is handed to the dead-letter channel. */
    private Message<byte[]> process(Message<byte[]> in, String section, KnowledgeVersion configured,
            BiFunction<ObjectNode, KnowledgeVersion, JsonNode> assess, UnaryOperator<JsonNode> countLive,
            Settlement settlement) {
        // The connector's consumer span of this record is made current, so log lines carry its trace id.
        try (Scope traced = traceOf(in).makeCurrent()) {
            try {
                // This stage reads the value before the replay headers: a record wrong in both is named by its value.
                ObjectNode record = read(in.getPayload());
                Optional<Replay> replay = Replay.of(in);
                KnowledgeVersion version = replay.map(Replay::version).orElse(configured);
                JsonNode assessed = assess.apply(record, version);
                record.set(section, replay.isPresent() ? assessed : countLive.apply(assessed));
                Message<byte[]> out = forward(in, record, version, replay, settlement);
                (replay.isPresent() ? replayed : processed).increment();
                return out;
            } catch (UnprocessableRecordException e) {
                badRecords.increment();
                return reject(in, e, settlement);
            } catch (RuntimeException e) {
                // A defect of this stage, not of the record: only the type goes to the header, a message could quote data.
                stageErrors.increment();
                return reject(in, new UnprocessableRecordException(stageName + " failed: " + e.getClass().getName()),
                        settlement);
            }
        }
    }

    /** Sends the consumed record, key and value unchanged, to the dead-letter topic with where it was and why. */
    private Message<byte[]> reject(Message<byte[]> in, UnprocessableRecordException reason, Settlement settlement) {
        Optional<IncomingKafkaRecordMetadata<?, ?>> from = kafka(in);
        Headers headers = new RecordHeaders();
        header(headers, "dead-letter-exception-class-name", reason.getClass().getName());
        header(headers, "dead-letter-reason", reason.getMessage());
        // The reason has no cause (UnprocessableRecordException), so no dead-letter-cause headers, as before.
        Object key = null;
        if (from.isPresent()) {
            IncomingKafkaRecordMetadata<?, ?> meta = from.get();
            header(headers, "dead-letter-topic", meta.getTopic());
            header(headers, "dead-letter-partition", Integer.toString(meta.getPartition()));
            header(headers, "dead-letter-offset", Long.toString(meta.getOffset()));
            meta.getHeaders().forEach(headers::add);
            key = meta.getKey();
        }
        header(headers, "dead-letter-stage", stageName);
        deadLettered.increment();
        String at = position(in);
        // Where the record is and why, never what it holds.
        LOG.warnf("record %s dead-lettered: %s", at, reason.getMessage());
        Message<byte[]> letter = Message.of(in.getPayload(),
                Metadata.of(OutgoingKafkaRecordMetadata.builder().withKey(key).withHeaders(headers).build()),
                settlement::settled, failure -> settlement.refused("dead letter of " + at, failure));
        try {
            deadLetters.send(letter);
        } catch (RuntimeException e) {
            settlement.refused("dead letter of " + at, e);
        }
        return null;
    }

    /** The span the connector started for this record, or the current context when there is none (tests, tracing off). */
    private static Context traceOf(Message<?> in) {
        return TracingMetadata.fromMessage(in).map(TracingMetadata::getCurrentContext).orElse(Context.current());
    }

    @SuppressWarnings("unchecked")
    private static Optional<IncomingKafkaRecordMetadata<?, ?>> kafka(Message<?> in) {
        return in.getMetadata(IncomingKafkaRecordMetadata.class).map(meta -> (IncomingKafkaRecordMetadata<?, ?>) meta);
    }

    /** topic-partition@offset of an incoming Kafka record: enough to find it in the DLQ's headers, no PHI. */
    private static String position(Message<?> in) {
        return kafka(in).map(meta -> meta.getTopic() + "-" + meta.getPartition() + "@" + meta.getOffset())
                .orElse("(not from Kafka)");
    }

    public ObjectNode read(byte[] value) {
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
        } catch (IOException e) {
            // Bytes Jackson cannot decode as text at all (its encoding detection failed): no position to give.
            throw new UnprocessableRecordException("value is not valid JSON");
        }
        if (!(tree instanceof ObjectNode record)) {
            throw new UnprocessableRecordException("value is not a JSON object");
        }
        for (String field : new String[] { "eventId", "caseId", "hospitalId" }) {
            if (!record.path(field).isTextual()) {
                throw new UnprocessableRecordException("missing or non-text /" + field);
            }
        }
        if (holdsWholeDouble(record) && mayHaveLostAFraction(value)) {
            // Rare: a whole double (68.0 is common) whose literal could be a non-integer a double cannot hold (1E-400
            // reads as 0), which an integer field would then take as a whole number; such numbers are read again
            // exactly.
            try {
                keepNonWhole(record, exact.readTree(value));
            } catch (IOException e) {
                throw new UnprocessableRecordException("value is not valid JSON");
            }
        }
        return record;
    }

    /**
     * Whether a number literal of the value, outside strings, has a negative exponent or 16 or more digits: only such a
     * literal can be a non-integer that a double reads as a whole number (with at most 15 significant digits, a
     * non-integer stays one). A scan of the bytes, far cheaper than reading them again.
     */
    static boolean mayHaveLostAFraction(byte[] value) {
        boolean inString = false;
        int digits = 0;
        boolean exponent = false;
        for (int i = 0; i < value.length; i++) {
            byte b = value[i];
            if (inString) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    inString = false;
                }
                continue;
            }
            if (b >= '0' && b <= '9') {
                if (!exponent && ++digits >= 16) {
                    return true;
                }
            } else if (b == 'e' || b == 'E') {
                exponent = true;
                if (i + 1 < value.length && value[i + 1] == '-') {
                    return true;
                }
            } else if (b != '.' && b != '-' && b != '+') {
                digits = 0;
                exponent = false;
                inString = b == '"';
            }
        }
        return false;
    }

    /** Whether a number read as a double has a whole value (walked with a stack: a record may nest deeply). */
    static boolean holdsWholeDouble(JsonNode root) {
        Deque<JsonNode> pending = new ArrayDeque<>();
        pending.push(root);
        while (!pending.isEmpty()) {
            JsonNode node = pending.pop();
            if (node.isFloatingPointNumber()) {
                if (node.canConvertToExactIntegral()) {
                    return true;
                }
            } else if (node.isContainerNode()) {
                node.forEach(pending::push);
            }
        }
        return false;
    }

    /**
     * Puts in {@code root}, in place of each whole double whose literal (read exactly into {@code exactRoot}, the same
     * value parsed with BigDecimal numbers) is not whole, that exact number: StrictScalars then refuses it in an
     * integer field as it refuses 58.5, and a double field reads the same double from it.
     */
    static void keepNonWhole(JsonNode root, JsonNode exactRoot) {
        Deque<JsonNode[]> pending = new ArrayDeque<>();
        pending.push(new JsonNode[] { root, exactRoot });
        while (!pending.isEmpty()) {
            JsonNode[] pair = pending.pop();
            if (pair[0] instanceof ObjectNode object) {
                List<String> names = new ArrayList<>();
                object.fieldNames().forEachRemaining(names::add);
                for (String name : names) {
                    JsonNode exactChild = pair[1].get(name);
                    if (exactChild != null) {
                        JsonNode kept = nonWhole(object.get(name), exactChild, pending);
                        if (kept != null) {
                            object.set(name, kept);
                        }
                    }
                }
            } else if (pair[0] instanceof ArrayNode array) {
                for (int i = 0; i < Math.min(array.size(), pair[1].size()); i++) {
                    JsonNode kept = nonWhole(array.get(i), pair[1].get(i), pending);
                    if (kept != null) {
                        array.set(i, kept);
                    }
                }
            }
        }
    }

    /** The exact number when {@code value} is a whole double of a non-whole literal; else null (containers queued). */
    private static JsonNode nonWhole(JsonNode value, JsonNode exact, Deque<JsonNode[]> pending) {
        if (value.isFloatingPointNumber()) {
            if (value.canConvertToExactIntegral() && exact.isBigDecimal()) {
                BigDecimal literal = exact.decimalValue();
                if (literal.signum() != 0 && literal.stripTrailingZeros().scale() > 0) {
                    return exact;
                }
            }
        } else if (value.isContainerNode()) {
            pending.push(new JsonNode[] { value, exact });
        }
        return null;
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
     * The outgoing record, in the consumed record's trace; its acknowledgement settles the consumed record in its batch.
     * A replay's headers go on with it.
     */
    private Message<byte[]> forward(Message<byte[]> in, ObjectNode record, KnowledgeVersion version,
            Optional<Replay> replay, Settlement settlement) {
        Headers headers = new RecordHeaders();
        header(headers, "eventId", record.path("eventId").asText());
        header(headers, "hospitalId", record.path("hospitalId").asText());
        header(headers, "schemaVersion", record.path("schemaVersion").asText("1"));
        header(headers, "knowledgeVersion", version.code());
        replay.ifPresent(r -> r.copyTo(headers));
        byte[] json;
        try {
            json = mapper.writeValueAsBytes(record);
        } catch (JsonProcessingException e) {
            throw new UnprocessableRecordException("cannot write the outgoing record");
        }
        Metadata metadata = Metadata.of(OutgoingKafkaRecordMetadata.<String> builder()
                .withKey(key(record))
                .withHeaders(headers)
                .build());
        Optional<TracingMetadata> trace = TracingMetadata.fromMessage(in);
        if (trace.isPresent()) {
            metadata = metadata.with(trace.get());
        }
        String at = position(in);
        return Message.of(json, metadata, settlement::settled, failure -> settlement.refused("output of " + at, failure));
    }

    /**
     * SIGTERM, before the connector's graceful close (which observes the container's destruction, after this event): no
     * new poll is taken, and the records taken are settled first, within cop.stage.stop-drain-timeout.
     */
    void onStop(@Observes ShutdownEvent event) {
        int taken = stop.unsettled();
        int left = stop.stop(drainTimeout);
        if (left > 0) {
            LOG.warnf("stopping: %d of %d records taken are not settled after %s; their polls stay uncommitted and are read"
                    + " again by the partition's next owner", left, taken, drainTimeout);
        } else {
            LOG.infof("stopping: the %d records taken are settled; polls still arriving are left to the partition's next owner",
                    taken);
        }
    }

    private static void header(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The records of one batch not yet settled. A record is settled once its outgoing record or its dead letter is
     * acknowledged; the last one settled acknowledges the batch. A refused one is never settled, so the batch is never
     * acknowledged by this stage (nor nacked: that would dead-letter every record of it).
     */
    private static final class Settlement {
        private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

        private final Message<?> batch;
        private final AtomicInteger unsettled;
        private final GracefulStop stop;

        Settlement(Message<?> batch, int records, GracefulStop stop) {
            this.batch = batch;
            this.unsettled = new AtomicInteger(records);
            this.stop = stop;
            if (records == 0) {
                batch.ack();
            }
        }

        CompletionStage<Void> settled() {
            // The batch's acknowledgement is started before the record counts as settled: a stop waiting for 0 then
            // finds the offset already handed to the commit strategy.
            CompletionStage<Void> acked = unsettled.decrementAndGet() == 0 ? batch.ack() : DONE;
            stop.settled();
            return acked;
        }

        CompletionStage<Void> refused(String what, Throwable failure) {
            // The failure's type only: a client exception's message is not ours to vouch for.
            LOG.warnf("%s not written (%s): its batch stays unacknowledged and is read again after a restart or rebalance",
                    what, failure.getClass().getName());
            return DONE;
        }
    }
}
