package org.coppipeline.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.coppipeline.gateway.api.ProblemException;
import org.coppipeline.gateway.api.ProblemType;
import org.coppipeline.gateway.support.TestConfigs;

/**
 * A body nested up to Jackson's own limit (1,000 levels) overflowed the stack of a worker thread (-Xss512k) in the
 * parser's walk for unstorable text: a 500 found by deploy/local GatewayFuzzIT. No valid event nests deeper than 5, so
 * the parser refuses anything beyond {@link CaseEventParser#MAX_NESTING}: a 400, whatever the thread's stack.
 */
class DeepNestingTest {

    final CaseEventParser parser = new CaseEventParser(CaseEventParserTest.JSON, TestConfigs.defaults());

    @ParameterizedTest
    @CsvSource({ "symptoms, '[', ']'", "history, '{\"a\":', '}'", "x, '[{\"b\":', '}]'" })
    void aBodyNestedNearJacksonsLimitIsRefusedOnASmallStack(String member, String open, String close) throws Exception {
        String nested = open.repeat(490) + "\"PhiMark\"" + close.repeat(490);
        String body = CaseEventSchemaTest.minimal().toString();
        String json = body.substring(0, body.length() - 1) + ",\"" + member + "\":" + nested + "}";
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        // The request thread has used part of its stack before it parses: 256 KiB stands for what is left of 512 KiB.
        Thread small = new Thread(null, () -> {
            try {
                parser.parse(json.getBytes(StandardCharsets.UTF_8));
            } catch (Throwable e) {
                thrown.set(e);
            }
        }, "small-stack", 256 * 1024);
        small.start();
        small.join();
        assertThat(thrown.get()).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.type()).isEqualTo(ProblemType.MALFORMED_JSON);
            assertThat(e.getMessage()).doesNotContain("PhiMark");
        });
    }

    @ParameterizedTest
    @CsvSource({ "5", "31" })
    void nestingUpToTheLimitIsParsedAndJudgedByTheSchema(int depth) {
        String body = CaseEventSchemaTest.minimal().toString();
        String json = body.substring(0, body.length() - 1) + ",\"x\":" + "[".repeat(depth - 1) + "1" + "]".repeat(depth - 1) + "}";
        // Refused for the unknown field (a schema violation), not by the parser for its nesting.
        assertThatThrownBy(() -> parser.parse(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.VALIDATION));
    }
}
