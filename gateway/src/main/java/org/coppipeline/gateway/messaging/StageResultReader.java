package org.coppipeline.gateway.messaging;

import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.coppipeline.gateway.store.Records.StageResult;
import org.coppipeline.gateway.store.Stage;

/**
 * Binds the few fields of a stage record the read model needs, in one streaming pass: the ids, and the text of each
 * section object as it stands in the record (handed to the database as it is, never built into a tree and written
 * again: a record is 5-10 kB and only a handful of its values are looked at). The rest of the record is only
 * checked to be well-formed JSON. As with a tree, a repeated field counts with its last value.
 */
@ApplicationScoped
public class StageResultReader {

    private static final Pattern ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");
    private static final Stage[] STAGES = Stage.values();

    private final JsonFactory json;

    public StageResultReader(ObjectMapper mapper) {
        this.json = mapper.getFactory();
    }

    /** What one pass collects. */
    private static final class Fields {
        String eventId;
        String hospitalId;
        String caseId;
        final String[] sections = new String[STAGES.length];
        final String[] knowledgeVersions = new String[STAGES.length];
        String conclusion;
        String recommendation;
    }

    public StageResult read(Stage stage, String value) {
        if (value == null) {
            throw new UnprocessableRecordException("record has no value");
        }
        Fields fields = new Fields();
        try (JsonParser parser = json.createParser(value)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new UnprocessableRecordException("value is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                Stage of = sectionOf(name);
                if (of != null) {
                    section(parser, token, value, of, fields);
                    continue;
                }
                String text = text(parser, token);
                switch (name) {
                    case "eventId" -> fields.eventId = text;
                    case "hospitalId" -> fields.hospitalId = text;
                    case "caseId" -> fields.caseId = text;
                    default -> {
                        // not needed here
                    }
                }
            }
            // A tree read would also refuse a document that is cut short after its last field.
            if (parser.currentToken() != JsonToken.END_OBJECT) {
                throw new UnprocessableRecordException("value is not valid JSON");
            }
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new UnprocessableRecordException("value is not valid JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        } catch (IOException e) {
            throw new UnprocessableRecordException("value is not valid JSON");
        }
        return result(stage, fields);
    }

    private static StageResult result(Stage stage, Fields fields) {
        if (fields.eventId == null) {
            throw new UnprocessableRecordException("missing or non-text /eventId");
        }
        UUID eventId;
        try {
            eventId = UUID.fromString(fields.eventId);
        } catch (IllegalArgumentException e) {
            throw new UnprocessableRecordException("/eventId is not a UUID");
        }
        String hospitalId = id(fields.hospitalId, "hospitalId");
        String caseId = id(fields.caseId, "caseId");
        String own = fields.sections[stage.ordinal()];
        if (own == null) {
            throw new UnprocessableRecordException("missing object /" + stage.section());
        }
        return new StageResult(stage, eventId, hospitalId, caseId, own,
                fields.sections[Stage.SCORED.ordinal()],
                fields.sections[Stage.ASSESSED.ordinal()],
                fields.sections[Stage.PLANNED.ordinal()],
                fields.knowledgeVersions[stage.ordinal()],
                fields.sections[Stage.ASSESSED.ordinal()] == null ? null : fields.conclusion,
                fields.sections[Stage.PLANNED.ordinal()] == null ? null : fields.recommendation);
    }

    /** A section: an object (its text is kept, and the few values the view needs are picked up) or null. */
    private static void section(JsonParser parser, JsonToken token, String value, Stage of, Fields fields)
            throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            fields.sections[of.ordinal()] = null;
            return;
        }
        if (token != JsonToken.START_OBJECT) {
            throw new UnprocessableRecordException("/" + of.section() + " is not an object");
        }
        int start = (int) parser.currentTokenLocation().getCharOffset();
        String knowledgeVersion = null;
        String conclusion = null;
        String recommendation = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            String text = text(parser, parser.nextToken());
            switch (name) {
                case "knowledgeVersion" -> knowledgeVersion = text;
                case "conclusion" -> conclusion = text;
                case "recommendation" -> recommendation = text;
                default -> {
                    // not needed here
                }
            }
        }
        int end = (int) parser.currentLocation().getCharOffset();
        fields.sections[of.ordinal()] = value.substring(start, end);
        fields.knowledgeVersions[of.ordinal()] = knowledgeVersion;
        if (of == Stage.ASSESSED) {
            fields.conclusion = conclusion;
        } else if (of == Stage.PLANNED) {
            fields.recommendation = recommendation;
        }
    }

    /** The value's text when it is a string; null otherwise, with an object or array skipped over (still checked). */
    private static String text(JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        parser.skipChildren();
        return null;
    }

    private static Stage sectionOf(String name) {
        for (Stage stage : STAGES) {
            if (name.equals(stage.section())) {
                return stage;
            }
        }
        return null;
    }

    private static String id(String value, String field) {
        if (value == null) {
            throw new UnprocessableRecordException("missing or non-text /" + field);
        }
        if (!ID.matcher(value).matches()) {
            throw new UnprocessableRecordException("/" + field + " is not a valid id");
        }
        return value;
    }
}
