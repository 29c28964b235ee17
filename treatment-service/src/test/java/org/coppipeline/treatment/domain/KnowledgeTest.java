package org.coppipeline.treatment.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Every rule source the code cites is spelled exactly as in the knowledge file this service ships. */
class KnowledgeTest {

    static String knowledgeFile() throws IOException {
        try (InputStream in = KnowledgeTest.class.getResourceAsStream("/knowledge/cop-knowledge.md")) {
            assertNotNull(in, "knowledge/cop-knowledge.md is on the classpath");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Rule id -> (citations, mark) from the rule tables: | `ID` | fires when | keys | [M] | rationale | */
    static Map<String, RuleSource> ruleLines(String text) {
        Map<String, RuleSource> lines = new HashMap<>();
        for (String line : text.split("\n")) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String[] cells = line.split("\\|");
            String id = cells[1].trim().replace("`", "");
            List<String> keys = Arrays.stream(cells[3].split(";")).map(String::trim).toList();
            Mark mark = Mark.valueOf(cells[4].trim().replace("[", "").replace("]", ""));
            lines.put(id, new RuleSource(id, keys, mark));
        }
        return lines;
    }

    @Test
    void everyCitedRuleMatchesItsLineInTheKnowledgeFile() throws IOException {
        Map<String, RuleSource> lines = ruleLines(knowledgeFile());
        assertTrue(lines.size() > 60, "the rule tables were parsed");
        for (RuleSource source : Knowledge.all()) {
            assertEquals(lines.get(source.ruleId()), source, source.ruleId());
        }
    }

    @Test
    void everyTreatmentRuleOfTheKnowledgeFileIsKnownHere() throws IOException {
        List<String> known = Knowledge.all().stream().map(RuleSource::ruleId).toList();
        List<String> treatmentRules = ruleLines(knowledgeFile()).keySet().stream()
                .filter(id -> id.startsWith("SV-") || id.startsWith("TX-") || id.startsWith("PC-")).sorted().toList();
        assertEquals(31, treatmentRules.size());
        assertTrue(known.containsAll(treatmentRules), "missing: " + treatmentRules.stream().filter(id -> !known.contains(id)).toList());
    }

    @Test
    void versionMatchesTheFileTitle() throws IOException {
        String title = knowledgeFile().lines().findFirst().orElseThrow();
        assertTrue(title.startsWith("# ") && title.endsWith(", v1"), title);
        assertEquals("cop-knowledge-v1", Knowledge.VERSION);
    }

    @Test
    void aRuleSourceNeedsACitation() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new RuleSource("X", List.of(), Mark.U));
    }
}
