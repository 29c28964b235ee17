package org.coppipeline.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.coppipeline.gateway.api.Problem.FieldError;
import org.coppipeline.gateway.api.ProblemException;
import org.coppipeline.gateway.api.ProblemType;
import org.coppipeline.gateway.support.TestConfigs;

/**
 * A number literal beyond a double (1E+400) is read as infinity, on which the schema validator's enum, const and range
 * rules threw NumberFormatException: a 500 found by deploy/local GatewayFuzzIT. It is a 400 naming the field.
 */
class NumbersBeyondDoubleTest {

    final CaseEventParser parser = new CaseEventParser(CaseEventParserTest.JSON, TestConfigs.defaults());

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/symptoms/0/code | \"symptoms\":[{\"code\":1E+10025}]",
        "/schemaVersion   | \"schemaVersion\":1E+400",
        "/course/symptomDurationDays | \"course\":{\"symptomDurationDays\":-1E+400}",
        "/measurements/spo2RestPercent | \"measurements\":{\"spo2RestPercent\":1e999}" })
    void isA400AtItsPointer(String pointer, String member) {
        String body = CaseEventSchemaTest.minimal().toString();
        String json = body.substring(0, body.length() - 1) + "," + member + "}";
        assertThatThrownBy(() -> parser.parse(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.type()).isEqualTo(ProblemType.VALIDATION);
                    assertThat(e.errors()).extracting(FieldError::pointer).contains(pointer);
                });
    }

    /**
     * Deep inside an undeclared member (the contract's objects are closed, so nothing declared nests this deep): a 400
     * naming the member, found before anything under it is looked at (the bounded validation of issue 14), never a 500.
     */
    @org.junit.jupiter.api.Test
    void aNumberBeyondDoubleDeepInsideIsA400() {
        String body = CaseEventSchemaTest.minimal().toString();
        String json = body.substring(0, body.length() - 1) + ",\"x\":" + "{\"a\":".repeat(30) + "1E+400" + "}".repeat(30) + "}";
        assertThatThrownBy(() -> parser.parse(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.type()).isEqualTo(ProblemType.VALIDATION);
                    assertThat(e.errors()).extracting(FieldError::pointer).containsExactly("/x");
                });
    }
}
