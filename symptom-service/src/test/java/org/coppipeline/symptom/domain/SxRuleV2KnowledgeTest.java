package org.coppipeline.symptom.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The v2 rule table in code must say what the "Knowledge v2" section of the knowledge file (the packaged copy) says:
 * its SX rows in order, their marks, and their sources (a rule that keeps its v1 id also keeps its v1 sources first).
 */
class SxRuleV2KnowledgeTest {

    private static final Pattern ROW = Pattern.compile("^\\| (SX-[A-Z0-9-]+) \\|(.*)$");
    private static final Pattern V1_ROW = Pattern.compile("^\\| `(SX-[A-Z0-9-]+)` \\|(.*)$");
    /** "one point", "4 points", "the 2 points of", "subtracts 1". */
    private static final Pattern POINTS = Pattern.compile("(?:subtracts (\\d+))|(?:\\b(\\d+|one) points?\\b)");

    record KnowledgeRow(String meaning, List<String> keys, String mark) {
    }

    private static Map<String, KnowledgeRow> v2Rows;
    private static Map<String, List<String>> v1Keys;

    @BeforeAll
    static void readTheFile() throws IOException {
        String text;
        try (InputStream in = SxRuleV2KnowledgeTest.class.getResourceAsStream("/knowledge/cop-knowledge.md")) {
            assertNotNull(in, "knowledge/cop-knowledge.md is not on the classpath");
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String v2 = text.substring(text.indexOf("## Knowledge v2"));
        v2Rows = new LinkedHashMap<>();
        for (String line : v2.split("\n")) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                String[] cells = m.group(2).split("\\|");
                v2Rows.put(m.group(1), new KnowledgeRow(cells[0].trim(),
                        Arrays.stream(cells[1].split(",")).map(String::trim).toList(),
                        cells[2].trim().replace("[", "").replace("]", "")));
            }
        }
        v1Keys = new LinkedHashMap<>();
        for (String line : text.substring(text.indexOf("## 4.1"), text.indexOf("## 4.2")).split("\n")) {
            Matcher m = V1_ROW.matcher(line);
            if (m.matches()) {
                v1Keys.put(m.group(1),
                        Arrays.stream(m.group(2).split("\\|")[1].split(";")).map(String::trim).toList());
            }
        }
    }

    @Test
    void everySxRuleOfKnowledgeV2IsEncodedInItsOrder() {
        assertEquals(List.copyOf(v2Rows.keySet()), Arrays.stream(SxRuleV2.values()).map(SxRuleV2::ruleId).toList());
    }

    @ParameterizedTest
    @EnumSource(SxRuleV2.class)
    void sourcesMarkAndPointsMatchTheKnowledgeFile(SxRuleV2 rule) {
        KnowledgeRow row = v2Rows.get(rule.ruleId());
        assertNotNull(row, rule.ruleId());
        List<String> expected = new ArrayList<>(v1Keys.getOrDefault(rule.ruleId(), List.of()));
        row.keys().stream().filter(k -> !expected.contains(k)).forEach(expected::add);
        assertEquals(expected, rule.source().citations());
        assertEquals(row.mark(), rule.source().mark().code());
        assertEquals(rule.ruleId(), rule.source().ruleId());
        assertEquals(points(row.meaning()).orElse(0), rule.points(), row.meaning());
    }

    @Test
    void aRuleThatKeepsItsIdIsARuleOfV1AndANewIdIsNot() {
        for (SxRuleV2 rule : SxRuleV2.values()) {
            boolean v1Id = Arrays.stream(SxRule.values()).anyMatch(r -> r.ruleId().equals(rule.ruleId()));
            assertEquals(v1Id, v1Keys.containsKey(rule.ruleId()), rule.ruleId());
        }
        assertTrue(v2Rows.get("SX-AGE-40-80").meaning().startsWith("replaces SX-AGE-40-70"));
    }

    private static Optional<Integer> points(String meaning) {
        Matcher m = POINTS.matcher(meaning);
        if (!m.find()) {
            return Optional.empty();
        }
        if (m.group(1) != null) {
            return Optional.of(-Integer.parseInt(m.group(1)));
        }
        return Optional.of(m.group(2).equals("one") ? 1 : Integer.parseInt(m.group(2)));
    }
}
