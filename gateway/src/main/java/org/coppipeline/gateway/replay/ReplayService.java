package org.coppipeline.gateway.replay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.MeterRegistry;

import org.coppipeline.gateway.GatewayConfig;
import org.coppipeline.gateway.api.ImpactAccepted;
import org.coppipeline.gateway.api.ImpactReport;
import org.coppipeline.gateway.api.Problem.FieldError;
import org.coppipeline.gateway.api.ProblemException;
import org.coppipeline.gateway.api.ProblemType;
import org.coppipeline.gateway.api.ReplayAccepted;
import org.coppipeline.gateway.api.ReplayReport;
import org.coppipeline.gateway.audit.AccessAudit;
import org.coppipeline.gateway.audit.AuditEntry;
import org.coppipeline.gateway.replay.ReplayComparison.Difference;
import org.coppipeline.gateway.replay.ReplayRecords.ImpactItem;
import org.coppipeline.gateway.replay.ReplayRecords.ImpactRow;
import org.coppipeline.gateway.replay.ReplayRecords.Outcome;
import org.coppipeline.gateway.replay.ReplayRecords.Requested;
import org.coppipeline.gateway.replay.ReplayRecords.RunRow;
import org.coppipeline.gateway.replay.ReplayRecords.Sections;
import org.coppipeline.gateway.replay.ReplayRecords.Status;
import org.coppipeline.gateway.query.Cursor;
import org.coppipeline.gateway.store.StoreUnavailableException;
import org.coppipeline.gateway.store.UnstorableValueException;

/**
 * Replay and knowledge impact behind the resources (CONTRACT 9): request checks, the per-hospital bound, the reports.
 * Requests only queue work (the dispatcher sends it); nothing here waits for the stages. Every request is in the access
 * audit (CONTRACT 1.1): one that reached the store in the store's own transaction, one refused before on its own, as
 * the case-event intake does. Log lines carry ids only.
 */
@ApplicationScoped
public class ReplayService {

    private static final Logger LOG = Logger.getLogger(ReplayService.class);
    private static final Pattern UUID_TEXT = Pattern.compile(
            "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    private static final Pattern ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");
    private static final DateTimeFormatter RFC_3339 = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
            .toFormatter();
    private static final Set<String> REPLAY_FIELDS = Set.of("knowledgeVersion", "eventId");
    private static final Set<String> IMPACT_FIELDS = Set.of("from", "to", "updatedAfter");
    private static final String CURSOR_VERSION = "i1";

    private final ReplayStore store;
    private final AccessAudit audit;
    private final ReplayDispatcher dispatcher;
    private final ReplayConfig config;
    private final ObjectMapper strict;
    private final ObjectMapper mapper;
    private final MeterRegistry meters;
    private final int storeRetryAfterSeconds;

    public ReplayService(ReplayStore store, AccessAudit audit, ReplayDispatcher dispatcher, ReplayConfig config,
            GatewayConfig gateway, ObjectMapper mapper, MeterRegistry meters) {
        this.store = store;
        this.audit = audit;
        this.dispatcher = dispatcher;
        this.config = config;
        this.mapper = mapper;
        this.meters = meters;
        this.storeRetryAfterSeconds = gateway.publish().retryAfterSeconds();
        // As for case events: a duplicate member or trailing garbage makes a body ambiguous.
        this.strict = JsonMapper.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    // ------------------------------------------------------------------------------------------ case replays

    /** A valid replay request: the version, and the event named (null: the case's current one). */
    private record ReplayRequest(String version, UUID eventId) {
    }

    /**
     * Queues a replay of the case's current event, or of the named (settled) one; 404 for a case the hospital does not
     * have. {@code entry} is the request's access audit entry (actor, hospital, action, case).
     */
    public ReplayAccepted requestReplay(String hospitalId, String caseId, byte[] body, AuditEntry entry) {
        ReplayRequest request = refusedBeforeTheStore(entry, () -> {
            ReplayRequest valid = replayRequest(body);
            if (!ID.matcher(caseId).matches()) {
                throw noSuchCase();
            }
            return valid;
        });
        UUID replayId = UUID.randomUUID();
        AuditEntry audited = entry.withQuery("knowledgeVersion=" + request.version());
        Requested requested = fromTheStore(audited, () -> store.requestReplay(replayId, hospitalId, caseId,
                request.eventId(), request.version(), config.maxRunningPerHospital(), audited));
        switch (requested.kind()) {
            case NO_CASE -> throw noSuchCase();
            case NO_EVENT -> throw ProblemException.validation("The replay request is invalid at /eventId.",
                    List.of(FieldError.at("/eventId", "not an event of this case")));
            case BUSY -> throw busy();
            default -> {
                // CREATED
            }
        }
        count("replay");
        LOG.infof("replay %s queued under %s", replayId, request.version());
        dispatcher.wake();
        return new ReplayAccepted(replayId, Status.RUNNING.value());
    }

    private ReplayRequest replayRequest(byte[] body) {
        ObjectNode request = object(body);
        List<FieldError> errors = new ArrayList<>();
        unknownFields(request, REPLAY_FIELDS, errors);
        String version = version(request, "knowledgeVersion", errors);
        UUID eventId = null;
        JsonNode eventIdNode = request.get("eventId");
        if (eventIdNode != null && !eventIdNode.isNull()) {
            if (eventIdNode.isTextual() && UUID_TEXT.matcher(eventIdNode.textValue()).matches()) {
                eventId = UUID.fromString(eventIdNode.textValue());
            } else {
                errors.add(FieldError.at("/eventId", "not a UUID"));
            }
        }
        invalidIfAny("replay request", errors);
        return new ReplayRequest(version, eventId);
    }

    public Optional<ReplayReport> replay(String hospitalId, String caseId, String replayId) {
        if (!ID.matcher(caseId).matches() || !UUID_TEXT.matcher(replayId).matches()) {
            return Optional.empty();
        }
        return unavailableAs503(() -> store.findRun(hospitalId, caseId, UUID.fromString(replayId))).map(this::report);
    }

    private ReplayReport report(RunRow run) {
        ObjectNode baseline = sections(run.baseline());
        ObjectNode candidate = run.status() == Status.DONE ? sections(run.candidate()) : null;
        List<Difference> differences = candidate == null ? List.of() : ReplayComparison.compare(baseline, candidate);
        List<ReplayReport.Change> changes = differences.stream()
                .map(d -> new ReplayReport.Change(d.change().path(),
                        d.change().toPath() == null || d.change().toPath().equals(d.change().path()) ? null : d.change().toPath(),
                        d.change().kind().name().toLowerCase(), d.change().from(), d.change().to(), d.significant()))
                .toList();
        String summary = ReplayComparison.summary(run.knowledgeVersion(), run.status(), run.failureReason(), baseline,
                candidate, differences);
        return new ReplayReport(run.replayId(), run.caseId(), run.eventId(), run.status().value(), run.knowledgeVersion(),
                run.requestedAt(), run.completedAt(), run.failureReason(), summary, baseline, candidate, changes);
    }

    /** The sections present, as one object (a section its stage has not produced is left out). */
    private ObjectNode sections(Sections sections) {
        ObjectNode object = mapper.createObjectNode();
        section(object, "symptomAssessment", sections.symptomAssessment());
        section(object, "causeAssessment", sections.causeAssessment());
        section(object, "treatmentPlan", sections.treatmentPlan());
        return object;
    }

    private void section(ObjectNode object, String name, String json) {
        if (json == null) {
            return;
        }
        try {
            object.set(name, mapper.readTree(json));
        } catch (JsonProcessingException e) {
            // Written by PostgreSQL as jsonb: cannot happen unless the store is corrupt.
            throw new IllegalStateException("a stored section is not JSON");
        }
    }

    // ------------------------------------------------------------------------------------------ knowledge impact

    /** A valid knowledge-impact request. */
    private record ImpactRequest(String from, String to, Instant updatedAfter) {
    }

    /** {@code entry} is the request's access audit entry (actor, hospital, action). */
    public ImpactAccepted requestImpact(String hospitalId, byte[] body, AuditEntry entry) {
        ImpactRequest request = refusedBeforeTheStore(entry, () -> impactRequest(body));
        String from = request.from();
        String to = request.to();
        UUID impactId = UUID.randomUUID();
        AuditEntry audited = entry.withQuery("from=" + from + "&to=" + to
                + (request.updatedAfter() == null ? "" : "&updatedAfter=" + request.updatedAfter()));
        Requested requested = fromTheStore(audited, () -> store.requestImpact(impactId, hospitalId, from, to,
                request.updatedAfter(), config.maxRunningPerHospital(), config.impactMaxCases(), audited));
        switch (requested.kind()) {
            case BUSY -> throw busy();
            case TOO_MANY_CASES -> throw ProblemException.validation(
                    "The run would replay " + requested.cases() + " cases, more than " + config.impactMaxCases()
                            + "; narrow it with updatedAfter.",
                    List.of(FieldError.at("/updatedAfter", "selects more than " + config.impactMaxCases() + " cases")));
            default -> {
                // CREATED
            }
        }
        count("impact");
        LOG.infof("knowledge impact %s queued: %d case(s), %s -> %s", impactId, requested.cases(), from, to);
        dispatcher.wake();
        return new ImpactAccepted(impactId, requested.cases() == 0 ? "done" : Status.RUNNING.value(), requested.cases());
    }

    private ImpactRequest impactRequest(byte[] body) {
        ObjectNode request = object(body);
        List<FieldError> errors = new ArrayList<>();
        unknownFields(request, IMPACT_FIELDS, errors);
        String from = version(request, "from", errors);
        String to = version(request, "to", errors);
        if (from != null && from.equals(to)) {
            errors.add(FieldError.at("/to", "must differ from /from"));
        }
        Instant updatedAfter = null;
        JsonNode after = request.get("updatedAfter");
        if (after != null && !after.isNull()) {
            try {
                if (!after.isTextual()) {
                    throw new DateTimeException("not text");
                }
                updatedAfter = OffsetDateTime.parse(after.textValue(), RFC_3339).toInstant();
                if (!Cursor.inRange(updatedAfter)) {
                    // The store holds 0001..9999 only: year 300000 is the caller's mistake (400), never a 503.
                    errors.add(FieldError.at("/updatedAfter", "not between 0001-01-01 and 9999-12-31"));
                    updatedAfter = null;
                }
            } catch (DateTimeException e) {
                errors.add(FieldError.at("/updatedAfter", "not an RFC 3339 date-time with offset"));
            }
        }
        invalidIfAny("knowledge-impact request", errors);
        return new ImpactRequest(from, to, updatedAfter);
    }

    /** One page of an impact run's report; empty when the hospital has no such run. */
    public Optional<ImpactReport> impact(String hospitalId, String impactId, String cursor, int limit) {
        if (!UUID_TEXT.matcher(impactId).matches()) {
            return Optional.empty();
        }
        UUID id = UUID.fromString(impactId);
        String after = null;
        if (cursor != null) {
            after = decodeCursor(id, cursor).orElseThrow(() -> ProblemException.validation("Invalid query parameter cursor.",
                    List.of(FieldError.parameter("cursor", "not a cursor issued for this knowledge-impact run"))));
        }
        Optional<ImpactRow> found = unavailableAs503(() -> store.findImpact(hospitalId, id));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ImpactRow row = found.get();
        String start = after;
        List<ImpactItem> page = unavailableAs503(() -> store.impactItems(id, start, limit + 1));
        boolean more = page.size() > limit;
        List<ImpactItem> items = more ? page.subList(0, limit) : page;
        String next = more ? encodeCursor(id, items.get(items.size() - 1).caseId()) : null;
        return Optional.of(new ImpactReport(row.impactId(), row.running() > 0 ? "running" : "done", row.fromVersion(),
                row.toVersion(), row.updatedAfter(), row.requestedAt(), row.cases(), row.compared(), row.failed(),
                new ImpactReport.Changed(row.conclusion(), row.recommendation(), row.glucocorticoidRecommended(),
                        row.criticalWarning(), row.severity()),
                items.stream().map(i -> new ImpactReport.Item(i.caseId(), outcome(i.from()), outcome(i.to()))).toList(),
                next));
    }

    private static ImpactReport.Outcome outcome(Outcome o) {
        return new ImpactReport.Outcome(o.suspicion(), o.conclusion(), o.severity(), o.recommendation(),
                o.glucocorticoidRecommended(), o.criticalWarning());
    }

    static String encodeCursor(UUID impactId, String caseId) {
        String plain = CURSOR_VERSION + "|" + impactId + "|" + caseId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    static Optional<String> decodeCursor(UUID impactId, String cursor) {
        if (cursor.length() > 512) {
            return Optional.empty();
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", -1);
            if (parts.length != 3 || !CURSOR_VERSION.equals(parts[0]) || !impactId.toString().equals(parts[1])
                    || !ID.matcher(parts[2]).matches()) {
                return Optional.empty();
            }
            return Optional.of(parts[2]);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    // ------------------------------------------------------------------------------------------ helpers

    private ObjectNode object(byte[] body) {
        if (body == null || body.length == 0) {
            throw malformed("The body is empty.", "body is empty");
        }
        JsonNode tree;
        try {
            tree = strict.readTree(body);
        } catch (JsonProcessingException e) {
            // The parser's own message may quote the body.
            throw malformed("The body is not well-formed JSON.", "not well-formed JSON");
        } catch (IOException | RuntimeException e) {
            throw malformed("The body cannot be read as JSON.", "not readable as JSON");
        }
        if (tree == null || tree.isMissingNode()) {
            throw malformed("The body is empty.", "body is empty");
        }
        if (!tree.isObject()) {
            throw ProblemException.validation("The body must be a JSON object.", List.of(FieldError.at("", "not an object")));
        }
        return (ObjectNode) tree;
    }

    private static ProblemException malformed(String detail, String message) {
        return new ProblemException(ProblemType.MALFORMED_JSON, detail, List.of(FieldError.at("", message)), Map.of());
    }

    private static void unknownFields(ObjectNode request, Set<String> known, List<FieldError> errors) {
        for (Iterator<String> names = request.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!known.contains(name)) {
                errors.add(FieldError.at("/" + name.replace("~", "~0").replace("/", "~1"), "unknown field"));
            }
        }
    }

    /** A required knowledge version; null (with an error) when missing or unknown. */
    private String version(ObjectNode request, String field, List<FieldError> errors) {
        JsonNode value = request.get(field);
        if (value == null || value.isNull()) {
            errors.add(FieldError.at("/" + field, "required field is missing"));
            return null;
        }
        if (!value.isTextual() || !config.knowledgeVersions().contains(value.textValue())) {
            errors.add(FieldError.at("/" + field, "not one of " + config.knowledgeVersions()));
            return null;
        }
        return value.textValue();
    }

    private static void invalidIfAny(String what, List<FieldError> errors) {
        if (!errors.isEmpty()) {
            List<FieldError> sorted = errors.stream().sorted((a, b) -> a.pointer().compareTo(b.pointer())).toList();
            throw ProblemException.validation(sorted.size() == 1
                    ? "The " + what + " is invalid at " + sorted.get(0).pointer() + "."
                    : "The " + what + " is invalid at " + sorted.size() + " places.", sorted);
        }
    }

    private ProblemException busy() {
        count("busy");
        return ProblemException.tooManyRequests("This hospital already has " + config.maxRunningPerHospital()
                + " replays or knowledge-impact runs running; retry later.", config.retryAfterSeconds());
    }

    static ProblemException noSuchCase() {
        return new ProblemException(ProblemType.NOT_FOUND, "No such case.");
    }

    private <T> T unavailableAs503(Supplier<T> work) {
        try {
            return work.get();
        } catch (StoreUnavailableException e) {
            LOG.warnf("replay store call failed: %s", e.getMessage());
            throw ProblemException.unavailable("The case store is unavailable.", storeRetryAfterSeconds);
        } catch (UnstorableValueException e) {
            LOG.debugf("replay store call refused: %s", e.getMessage());
            throw ProblemException.validation("A value of the request is outside what the case store can hold.",
                    List.of(FieldError.at("", "a value is out of the storable range")));
        }
    }

    /** Checks of a request before the store: a refusal is audited on its own (nothing was written). */
    private <T> T refusedBeforeTheStore(AuditEntry entry, Supplier<T> checks) {
        try {
            return checks.get();
        } catch (ProblemException e) {
            appendQuietly(entry.withOutcome(e.type().status()));
            throw e;
        }
    }

    /**
     * A request's store transaction, which writes its audit entry itself; when the transaction fails (503, or 400 for
     * a value the store refuses) nothing of it is kept, so the entry is appended on its own.
     */
    private <T> T fromTheStore(AuditEntry entry, Supplier<T> transaction) {
        try {
            return unavailableAs503(transaction);
        } catch (ProblemException e) {
            appendQuietly(entry.withOutcome(e.type().status()));
            throw e;
        }
    }

    /** An entry of an answer that wrote nothing: when the store is away as well, the answer goes out anyway. */
    private void appendQuietly(AuditEntry entry) {
        try {
            audit.append(entry);
        } catch (RuntimeException e) {
            LOG.warnf("audit entry (%s %d) not written: %s", entry.action(), entry.outcome(), e.getMessage());
        }
    }

    private void count(String outcome) {
        meters.counter("gateway.replay.requests", "outcome", outcome).increment();
    }
}
