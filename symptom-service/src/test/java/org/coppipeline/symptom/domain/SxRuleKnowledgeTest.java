package org.coppipeline.symptom.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The rule table in code must say exactly what section 4.1 of the knowledge file (the packaged copy) says. */
class SxRuleKnowledgeTest {

    private static final Pattern ROW = Pattern.compile("^\\| `(SX-[A-Z0-9-]+)` \\|(.*)$");
    private static final Pattern POINTS = Pattern.compile(":\\s*([+-]\\d+)\\s*$");

    record KnowledgeRow(String firesWhen, List<String> keys, String mark) {
    }

    private static Map<String, KnowledgeRow> rows;

    @BeforeAll
    static void readSection41() throws IOException {
        String text;
        try (InputStream in = SxRuleKnowledgeTest.class.getResourceAsStream("/knowledge/cop-knowledge.md")) {
            assertNotNull(in, "knowledge/cop-knowledge.md is not on the classpath");
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String section = text.substring(text.indexOf("## 4.1"), text.indexOf("## 4.2"));
        rows = new LinkedHashMap<>();
        for (String line : section.split("\n")) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                String[] cells = m.group(2).split("\\|");
                rows.put(m.group(1), new KnowledgeRow(cells[0].trim(),
                        Arrays.stream(cells[1].split(";")).map(String::trim).toList(),
                        cells[2].trim().replace("[", "").replace("]", "")));
            }
        }
    }

    @Test
    void everySxRuleOfTheKnowledgeFileIsEncodedInItsOrder() {
        assertEquals(List.copyOf(rows.keySet()), Arrays.stream(SxRule.values()).map(SxRule::ruleId).toList());
    }

    @ParameterizedTest
    @EnumSource(SxRule.class)
    void citationsMarkAndPointsMatchTheKnowledgeFile(SxRule rule) {
        KnowledgeRow row = rows.get(rule.ruleId());
        assertNotNull(row, rule.ruleId());
        assertEquals(row.keys(), rule.source().citations());
        assertEquals(row.mark(), rule.source().mark().code());
        assertEquals(rule.ruleId(), rule.source().ruleId());
        Matcher points = POINTS.matcher(row.firesWhen());
        assertEquals(points.find() ? Integer.parseInt(points.group(1)) : 0, rule.points(), row.firesWhen());
    }
}
