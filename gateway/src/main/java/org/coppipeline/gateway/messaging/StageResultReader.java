package org.coppipeline.gateway.messaging;

import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.coppipeline.gateway.store.Records.StageResult;
import org.coppipeline.gateway.store.Stage;

/** Binds the few fields of a stage record the read model needs; the rest of the record is not looked at. */
@ApplicationScoped
public class StageResultReader {

    private static final Pattern ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");

    private final ObjectMapper mapper;

    public StageResultReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public StageResult read(Stage stage, String value) {
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
        UUID eventId;
        try {
            eventId = UUID.fromString(text(record, "eventId"));
        } catch (IllegalArgumentException e) {
            throw new UnprocessableRecordException("/eventId is not a UUID");
        }
        String hospitalId = id(record, "hospitalId");
        String caseId = id(record, "caseId");
        JsonNode own = section(record, stage.section());
        if (own == null) {
            throw new UnprocessableRecordException("missing object /" + stage.section());
        }
        JsonNode version = own.get("knowledgeVersion");
        return new StageResult(stage, eventId, hospitalId, caseId, own,
                section(record, Stage.SCORED.section()),
                section(record, Stage.ASSESSED.section()),
                section(record, Stage.PLANNED.section()),
                version != null && version.isTextual() ? version.textValue() : null);
    }

    private static String text(ObjectNode record, String field) {
        JsonNode value = record.get(field);
        if (value == null || !value.isTextual()) {
            throw new UnprocessableRecordException("missing or non-text /" + field);
        }
        return value.textValue();
    }

    private static String id(ObjectNode record, String field) {
        String value = text(record, field);
        if (!ID.matcher(value).matches()) {
            throw new UnprocessableRecordException("/" + field + " is not a valid id");
        }
        return value;
    }

    private static JsonNode section(ObjectNode record, String name) {
        JsonNode section = record.get(name);
        if (section == null || section.isNull()) {
            return null;
        }
        if (!section.isObject()) {
            throw new UnprocessableRecordException("/" + name + " is not an object");
        }
        return section;
    }
}
