package org.coppipeline.gateway.cds;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.micrometer.core.instrument.MeterRegistry;

import org.coppipeline.gateway.api.Problem.FieldError;
import org.coppipeline.gateway.api.ProblemException;

/**
 * POST /cds-services/{id}/feedback (CDS Hooks 2.0 Feedback): each entry's card uuid, outcome, coded override reason
 * and time are stored for the caller's hospital (nothing of the patient; the clinician's free-text comment is read
 * past, never stored) and counted in {@code gateway.cds.feedback} by service, outcome and reason, the reason tag
 * being one of the card's own override codes, {@code none} or {@code other}: a bounded set whatever clients send.
 */
@ApplicationScoped
public class CdsFeedback {

    private static final Logger LOG = Logger.getLogger(CdsFeedback.class);
    static final int MAX_ENTRIES = 100;
    private static final int MAX_CODE = 256;
    private static final Pattern UUID_TEXT = Pattern.compile(
            "^(urn:uuid:)?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    private static final DateTimeFormatter RFC_3339 = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
            .toFormatter();

    private final CdsStore store;
    private final MeterRegistry meters;

    public CdsFeedback(CdsStore store, MeterRegistry meters) {
        this.store = store;
        this.meters = meters;
    }

    /** Checks every entry first (one 400 naming each problem), then stores and counts them. */
    public void accept(Discovery service, String hospitalId, JsonNode body) {
        List<CdsStore.FeedbackRow> rows = read(service, hospitalId, body);
        int stored = 0;
        for (CdsStore.FeedbackRow row : rows) {
            if (store.feedback(row)) {
                stored++;
                meters.counter("gateway.cds.feedback", "service", service.id(), "outcome", row.outcome(),
                        "reason", reasonTag(row)).increment();
            }
        }
        LOG.debugf("CDS feedback for %s: %d entries, %d new", service.id(), rows.size(), stored);
    }

    static List<CdsStore.FeedbackRow> read(Discovery service, String hospitalId, JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode entries = body == null ? null : body.get("feedback");
        if (entries == null || !entries.isArray() || entries.isEmpty()) {
            throw ProblemException.validation("A feedback request is {\"feedback\": [...]} with at least one entry.",
                    List.of(FieldError.at("/feedback", "a non-empty array is required")));
        }
        if (entries.size() > MAX_ENTRIES) {
            throw ProblemException.validation("At most " + MAX_ENTRIES + " feedback entries per request.",
                    List.of(FieldError.at("/feedback", "more than " + MAX_ENTRIES + " entries")));
        }
        List<CdsStore.FeedbackRow> rows = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String at = "/feedback/" + i;
            JsonNode entry = entries.get(i);
            if (!entry.isObject()) {
                errors.add(FieldError.at(at, "must be an object"));
                continue;
            }
            UUID card = null;
            JsonNode cardNode = entry.get("card");
            if (cardNode == null || !cardNode.isTextual() || !UUID_TEXT.matcher(cardNode.asText()).matches()) {
                errors.add(FieldError.at(at + "/card", "the card's uuid is required"));
            } else {
                card = UUID.fromString(cardNode.asText().replaceFirst("^urn:uuid:", ""));
            }
            String outcome = entry.path("outcome").asText("");
            if (!outcome.equals("accepted") && !outcome.equals("overridden")) {
                errors.add(FieldError.at(at + "/outcome", "must be accepted or overridden"));
            }
            int accepted = 0;
            JsonNode suggestions = entry.get("acceptedSuggestions");
            if (outcome.equals("accepted")) {
                if (suggestions == null || !suggestions.isArray() || suggestions.isEmpty()) {
                    errors.add(FieldError.at(at + "/acceptedSuggestions", "is required for an accepted outcome"));
                } else {
                    for (int s = 0; s < suggestions.size(); s++) {
                        if (!suggestions.get(s).path("id").isTextual() || suggestions.get(s).path("id").asText().isBlank()) {
                            errors.add(FieldError.at(at + "/acceptedSuggestions/" + s + "/id", "the suggestion's uuid is required"));
                        }
                    }
                    accepted = suggestions.size();
                }
            }
            String system = null;
            String code = null;
            JsonNode reason = entry.path("overrideReason").path("reason");
            if (!reason.isMissingNode() && !reason.isNull()) {
                if (!outcome.equals("overridden")) {
                    errors.add(FieldError.at(at + "/overrideReason", "only an overridden outcome has an override reason"));
                } else if (!text(reason.get("code")) || !text(reason.get("system"))) {
                    errors.add(FieldError.at(at + "/overrideReason/reason", "a Coding with code and system (at most "
                            + MAX_CODE + " characters each) is required"));
                } else {
                    system = reason.get("system").asText();
                    code = reason.get("code").asText();
                }
            }
            OffsetDateTime outcomeAt = null;
            JsonNode timestamp = entry.get("outcomeTimestamp");
            try {
                if (timestamp == null || !timestamp.isTextual()) {
                    throw new DateTimeException("missing");
                }
                outcomeAt = OffsetDateTime.parse(timestamp.asText(), RFC_3339);
            } catch (DateTimeException e) {
                errors.add(FieldError.at(at + "/outcomeTimestamp", "an RFC 3339 date-time is required"));
            }
            if (card != null && outcomeAt != null && (outcome.equals("accepted") || outcome.equals("overridden"))) {
                rows.add(new CdsStore.FeedbackRow(hospitalId, service.id(), card, outcome, system, code, accepted, outcomeAt));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors.size() == 1 ? "Invalid feedback at " + errors.get(0).pointer() + "."
                    : "Invalid feedback: " + errors.size() + " problems.", errors);
        }
        return rows;
    }

    /** One of the card's override codes, "none" or "other": never a value a client chose freely. */
    static String reasonTag(CdsStore.FeedbackRow row) {
        if (row.reasonCode() == null) {
            return "none";
        }
        return Cards.OVERRIDE_SYSTEM.equals(row.reasonSystem()) && Cards.OVERRIDE_REASONS.containsKey(row.reasonCode())
                ? row.reasonCode() : "other";
    }

    private static boolean text(JsonNode node) {
        return node != null && node.isTextual() && !node.asText().isBlank() && node.asText().length() <= MAX_CODE;
    }
}
