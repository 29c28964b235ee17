package org.coppipeline.gateway.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.coppipeline.gateway.store.Records.StageResult;
import org.coppipeline.gateway.store.Stage;

/** The streaming read of a stage record: the same fields and refusals a tree read gave, and each section's own text. */
class StageResultReaderTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final StageResultReader READER = new StageResultReader(JSON);
    static final String EVENT = "3f1c2a9e-5b7d-4c1e-9a8b-2d4e6f8a0b1c";

    static final String SCORED = "{\"suspicionScore\":9,\"suspicion\":\"high\",\"knowledgeVersion\":\"cop-knowledge-v1\","
            + "\"contributions\":[{\"finding\":\"dyspnea\",\"points\":1},{\"nested\":{\"conclusion\":\"not-this\"}}],\"x\":null}";
    static final String ASSESSED = "{ \"opEvidence\" : \"probable\", \"conclusion\":\"cop-confirmed\",\n"
            + " \"categories\":{\"infection\":{\"status\":\"excluded\",\"recommendation\":\"not-this\"}},\"knowledgeVersion\":\"cop-knowledge-v1\"}";
    static final String PLANNED = "{\"severity\":\"moderate\",\"recommendation\":\"oral-glucocorticoid\",\"knowledgeVersion\":\"v-\\u00e9\","
            + "\"warnings\":[],\"glucocorticoidRecommended\":true}";

    static String record(String extra) {
        return "{\"eventId\":\"" + EVENT + "\",\"hospitalId\":\"h-1\",\"caseId\":\"CASE-1\",\"patient\":{\"ageYears\":61,"
                + "\"caseId\":\"inner\"},\"symptomAssessment\":" + SCORED + ",\"causeAssessment\":" + ASSESSED + extra + "}";
    }

    @Test
    void bindsTheIdsAndKeepsEachSectionsOwnText() throws Exception {
        StageResult result = READER.read(Stage.PLANNED, record(",\"treatmentPlan\":" + PLANNED));

        assertThat(result.eventId()).isEqualTo(UUID.fromString(EVENT));
        assertThat(result.hospitalId()).isEqualTo("h-1");
        assertThat(result.caseId()).isEqualTo("CASE-1");
        assertThat(result.symptomAssessment()).isEqualTo(SCORED);
        assertThat(result.causeAssessment()).isEqualTo(ASSESSED);
        assertThat(result.treatmentPlan()).isEqualTo(PLANNED);
        assertThat(result.ownSection()).isEqualTo(PLANNED);
        assertThat(JSON.readTree(result.ownSection())).isEqualTo(JSON.readTree(PLANNED));
        assertThat(result.knowledgeVersion()).isEqualTo("v-\u00e9");
        assertThat(result.conclusion()).isEqualTo("cop-confirmed");
        assertThat(result.recommendation()).isEqualTo("oral-glucocorticoid");
    }

    @Test
    void anEarlierStageReadsOnlyWhatItsRecordCarries() {
        StageResult result = READER.read(Stage.ASSESSED, record(""));
        assertThat(result.ownSection()).isEqualTo(ASSESSED);
        assertThat(result.treatmentPlan()).isNull();
        assertThat(result.recommendation()).isNull();
        assertThat(result.conclusion()).isEqualTo("cop-confirmed");
    }

    @Test
    void aRepeatedFieldCountsWithItsLastValueAsInATree() {
        StageResult result = READER.read(Stage.ASSESSED,
                record(",\"causeAssessment\":{\"conclusion\":\"op-unlikely\"},\"caseId\":\"CASE-2\""));
        assertThat(result.caseId()).isEqualTo("CASE-2");
        assertThat(result.causeAssessment()).isEqualTo("{\"conclusion\":\"op-unlikely\"}");
        assertThat(result.conclusion()).isEqualTo("op-unlikely");
        assertThat(result.knowledgeVersion()).isNull();

        StageResult cleared = READER.read(Stage.SCORED, record(",\"causeAssessment\":null"));
        assertThat(cleared.causeAssessment()).isNull();
        assertThat(cleared.conclusion()).isNull();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "not json {|value is not valid JSON",
            "[]|value is not a JSON object",
            "\"text\"|value is not a JSON object",
            "{\"eventId\":\"" + EVENT + "\",\"hospitalId\":\"h\",\"caseId\":\"c\",\"symptomAssessment\":{}|value is not valid JSON",
            "{\"eventId\":{\"a\":1},\"hospitalId\":\"h\",\"caseId\":\"c\",\"symptomAssessment\":{}}|missing or non-text /eventId",
            "{\"eventId\":\"nope\",\"hospitalId\":\"h\",\"caseId\":\"c\",\"symptomAssessment\":{}}|/eventId is not a UUID",
            "{\"eventId\":\"" + EVENT + "\",\"hospitalId\":7,\"caseId\":\"c\",\"symptomAssessment\":{}}|missing or non-text /hospitalId",
            "{\"eventId\":\"" + EVENT + "\",\"hospitalId\":\"h\",\"caseId\":\"bad id\",\"symptomAssessment\":{}}|/caseId is not a valid id",
            "{\"eventId\":\"" + EVENT + "\",\"hospitalId\":\"h\",\"caseId\":\"c\"}|missing object /symptomAssessment",
            "{\"eventId\":\"" + EVENT + "\",\"hospitalId\":\"h\",\"caseId\":\"c\",\"symptomAssessment\":null}|missing object /symptomAssessment",
            "{\"eventId\":\"" + EVENT + "\",\"hospitalId\":\"h\",\"caseId\":\"c\",\"symptomAssessment\":\"high\"}|/symptomAssessment is not an object",
            "{\"eventId\":\"" + EVENT + "\",\"hospitalId\":\"h\",\"caseId\":\"c\",\"symptomAssessment\":{},\"treatmentPlan\":[1]}|/treatmentPlan is not an object" })
    void refusesWhatATreeReadRefused(String value, String reason) {
        assertThatThrownBy(() -> READER.read(Stage.SCORED, value))
                .isInstanceOf(UnprocessableRecordException.class)
                .hasMessageStartingWith(reason);
    }

    @Test
    void refusesAMissingValue() {
        assertThatThrownBy(() -> READER.read(Stage.SCORED, null)).hasMessage("record has no value");
    }

    @Test
    void aSectionsTextIsValidJsonOfTheSameContent() throws Exception {
        JsonNode whole = JSON.readTree(record(",\"treatmentPlan\":" + PLANNED));
        StageResult result = READER.read(Stage.PLANNED, whole.toPrettyString());
        assertThat(JSON.readTree(result.symptomAssessment())).isEqualTo(whole.get("symptomAssessment"));
        assertThat(JSON.readTree(result.causeAssessment())).isEqualTo(whole.get("causeAssessment"));
        assertThat(JSON.readTree(result.treatmentPlan())).isEqualTo(whole.get("treatmentPlan"));
    }
}
