package org.coppipeline.exclusion.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The rule ids, citation keys and marks in CauseRule are those of the knowledge file: section 4.2 for the v1 lines,
 * the exclusion-stage rows (EX, OP, CX) of "Knowledge v2" for the v2 lines.
 */
class KnowledgeRulesTest {

    private static final Pattern ROW = Pattern.compile("^\\| `([A-Z0-9-]+)` \\|(.*)\\| ([^|]+) \\| \\[(V|U)\\] \\|[^|]*\\|$");
    /** "| EX-INF-EXCLUDED | meaning | BMJ-BP, Cordier-2006 | [U] |" */
    private static final Pattern V2_ROW = Pattern.compile("^\\| ((?:EX|OP|CX)-[A-Z0-9-]+) \\|(.*)\\| ([^|]+) \\| \\[(V|U)\\] \\|$");
    private static final Pattern V2_SOURCE_ROW = Pattern.compile("^\\| ([^| ]+) \\| [^|]+ \\| [^|]+ \\| \\[(V|U)\\] \\|$");

    record Row(List<String> keys, Mark mark) {
    }

    private static String knowledge() {
        return Cases.resource("knowledge/cop-knowledge.md");
    }

    static Map<String, Row> section42() {
        String text = knowledge();
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

    static String v2Section() {
        String text = knowledge();
        return text.substring(text.indexOf("\n## Knowledge v2 "));
    }

    static Map<String, Row> v2Rows() {
        Map<String, Row> rows = new LinkedHashMap<>();
        for (String line : v2Section().split("\n")) {
            Matcher m = V2_ROW.matcher(line);
            if (m.matches()) {
                rows.put(m.group(1), new Row(Arrays.stream(m.group(3).split(",")).map(String::strip).toList(),
                        Mark.valueOf(m.group(4))));
            }
        }
        return rows;
    }

    private static List<CauseRule> definedIn(KnowledgeVersion version) {
        return Arrays.stream(CauseRule.values()).filter(r -> r.defined() == version).toList();
    }

    @Test
    void everyRuleOfSection42IsEncodedAndNothingElse() {
        var ids = section42().keySet().stream().toList();
        assertEquals(49, ids.size(), "rows found in section 4.2");
        assertEquals(ids, definedIn(KnowledgeVersion.V1).stream().map(CauseRule::id).toList());
    }

    @Test
    void everyExclusionRuleOfKnowledgeV2IsEncodedAndNothingElse() {
        var ids = v2Rows().keySet().stream().toList();
        assertEquals(List.of("EX-INF-EXCLUDED", "EX-DRUG-WINDOW", "EX-DRUG-AMIODARONE-WINDOW", "OP-HISTOLOGY-SMALL-BIOPSY",
                "OP-CT-ATYPICAL-NOT-AGAINST", "OP-REVERSED-HALO-IMMUNOCOMPROMISED", "OP-ALT-MALIGNANCY"), ids);
        assertEquals(ids, definedIn(KnowledgeVersion.V2).stream().map(CauseRule::id).toList());
    }

    @Test
    void citationsAndMarksAreSpelledAsInTheKnowledgeFile() {
        Map<String, Row> v1 = section42();
        Map<String, Row> v2 = v2Rows();
        for (CauseRule rule : CauseRule.values()) {
            Row row = (rule.defined() == KnowledgeVersion.V1 ? v1 : v2).get(rule.id());
            assertNotNull(row, rule.id());
            assertEquals(row.keys(), rule.citations(), rule.id());
            assertEquals(row.mark(), rule.mark(), rule.id());
        }
    }

    /** v1 leaves out the drug-list rows of the sources v2 introduced, and only those. */
    @Test
    void theSourcesAddedInV2AreThoseOfTheKnowledgeV2Section() {
        String section = v2Section();
        String sources = section.substring(section.indexOf("New source:"), section.indexOf("| Rule id |"));
        List<String> added = new ArrayList<>();
        for (String line : sources.split("\n")) {
            Matcher m = V2_SOURCE_ROW.matcher(line);
            if (m.matches()) {
                added.add(m.group(1));
            }
        }
        assertEquals(List.of("Alnimer-2016"), added);
        assertEquals(Set.copyOf(added), OpDrugList.SOURCES_ADDED_IN_V2);
    }
}
