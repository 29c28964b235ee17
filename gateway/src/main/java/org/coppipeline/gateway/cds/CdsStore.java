package org.coppipeline.gateway.cds;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;

import org.coppipeline.gateway.store.StoreUnavailableException;

/**
 * The CDS service's SQL: the plan of one event (its stage results, so a hook gets the plan of the event it sent even
 * when a newer event of the case has overtaken it in the view), and the feedback rows (V7__cds_feedback.sql). Both
 * name the hospital: a client reads and writes only its own hospital's rows.
 */
@ApplicationScoped
public class CdsStore {

    /** Planned = the assessed and planned results of the event are stored (one indexed read, at most two rows). */
    private static final String PLAN = """
            SELECT stage, result, knowledge_version FROM stage_result
            WHERE event_id = ? AND hospital_id = ? AND case_id = ? AND stage IN ('assessed', 'planned')""";

    /** A redelivered feedback (same card, outcome and time) is stored once: its count is not doubled. */
    private static final String FEEDBACK = """
            INSERT INTO cds_feedback (hospital_id, service_id, card_uuid, outcome, override_reason_system,
                                      override_reason_code, accepted_suggestions, outcome_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (hospital_id, card_uuid, outcome, outcome_at) DO NOTHING""";

    /** The sections a card is built from: the cause assessment and the plan of one event. */
    public record Plan(JsonNode causeAssessment, JsonNode treatmentPlan) {
    }

    /** One feedback entry as stored: nothing of the patient, no free text. */
    public record FeedbackRow(String hospitalId, String serviceId, UUID card, String outcome, String reasonSystem,
            String reasonCode, int acceptedSuggestions, OffsetDateTime outcomeAt) {
    }

    private final AgroalDataSource dataSource;
    private final ObjectMapper json;

    public CdsStore(AgroalDataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /** The event's plan once both the assessed and the planned result are stored; empty before. */
    public Optional<Plan> plan(String hospitalId, String caseId, UUID eventId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(PLAN)) {
            statement.setObject(1, eventId);
            statement.setString(2, hospitalId);
            statement.setString(3, caseId);
            JsonNode assessed = null;
            JsonNode planned = null;
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    JsonNode result = json.readTree(rows.getString("result"));
                    if ("assessed".equals(rows.getString("stage"))) {
                        assessed = result;
                    } else {
                        planned = result;
                    }
                }
            }
            return assessed == null || planned == null ? Optional.empty() : Optional.of(new Plan(assessed, planned));
        } catch (SQLException e) {
            throw new StoreUnavailableException("reading an event's plan", e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored stage result is not JSON", e);
        }
    }

    /** True when the row is new (a repeat of the same feedback is not stored again). */
    public boolean feedback(FeedbackRow row) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(FEEDBACK)) {
            statement.setString(1, row.hospitalId());
            statement.setString(2, row.serviceId());
            statement.setObject(3, row.card());
            statement.setString(4, row.outcome());
            statement.setString(5, row.reasonSystem());
            statement.setString(6, row.reasonCode());
            statement.setInt(7, row.acceptedSuggestions());
            statement.setObject(8, row.outcomeAt().withOffsetSameInstant(ZoneOffset.UTC));
            return statement.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StoreUnavailableException("storing CDS feedback", e);
        }
    }
}
