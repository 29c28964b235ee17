package org.coppipeline.exclusion.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The rule ids, citation keys and marks in CauseRule are those of the knowledge file, section 4.2. */
class KnowledgeRulesTest {

    private static final Pattern ROW = Pattern.compile("^\\| `([A-Z0-9-]+)` \\|(.*)\\| ([^|]+) \\| \\[(V|U)\\] \\|[^|]*\\|$");

    record Row(List<String> keys, Mark mark) {
    }

    static Map<String, Row> section42() {
        String text = Cases.resource("knowledge/cop-knowledge.md");
        String section = text.substring(text.indexOf("\n## 4.2 "), text.indexOf("\n## 4.3 "));
        Map<String, Row> rows = new LinkedHashMap<>();
        for (String line : section.split("\n")) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                rows.put(m.group(1), new Row(Arrays.stream(m.group(3).split(";")).map(String::strip).toList(),
                        Mark.valueOf(m.group(4))));
            }
        }
        return rows;
    }

    @Test
    void everyRuleOfSection42IsEncodedAndNothingElse() {
        var ids = section42().keySet().stream().toList();
        assertEquals(49, ids.size(), "rows found in section 4.2");
        assertEquals(ids, Arrays.stream(CauseRule.values()).map(CauseRule::id).toList());
    }

    @Test
    void citationsAndMarksAreSpelledAsInTheKnowledgeFile() {
        Map<String, Row> rows = section42();
        for (CauseRule rule : CauseRule.values()) {
            Row row = rows.get(rule.id());
            assertNotNull(row, rule.id());
            assertEquals(row.keys(), rule.citations(), rule.id());
            assertEquals(row.mark(), rule.mark(), rule.id());
        }
    }
}
