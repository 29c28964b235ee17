package org.coppipeline.treatment.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

    /** The text before the "Knowledge v2" section: the v1 rule tables. */
    static String v1Part(String text) {
        return text.substring(0, text.indexOf(V2_HEADING));
    }

    /** The "Knowledge v2" section. */
    static String v2Part(String text) {
        return text.substring(text.indexOf(V2_HEADING));
    }

    private static final String V2_HEADING = "\n## Knowledge v2 ";

    /**
     * Rule id -> (citations, mark) from the v2 table: | ID | v2 meaning | keys, comma-separated | [M] |. Rule ids are
     * upper case, which tells them from the rows of the table of new sources.
     */
    static Map<String, RuleSource> v2RuleLines(String text) {
        Map<String, RuleSource> lines = new HashMap<>();
        for (String line : v2Part(text).split("\n")) {
            String[] cells = line.split("\\|");
            if (cells.length < 5 || !cells[1].trim().matches("[A-Z]{2}(-[A-Z0-9]+)+")) {
                continue;
            }
            String id = cells[1].trim();
            List<String> keys = Arrays.stream(cells[3].split(",")).map(String::trim).toList();
            Mark mark = Mark.valueOf(cells[4].trim().replace("[", "").replace("]", ""));
            lines.put(id, new RuleSource(id, keys, mark));
        }
        return lines;
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
    void everyCitedV1RuleMatchesItsLineInTheKnowledgeFile() throws IOException {
        Map<String, RuleSource> lines = ruleLines(v1Part(knowledgeFile()));
        assertTrue(lines.size() > 60, "the rule tables were parsed");
        for (RuleSource source : Knowledge.v1()) {
            assertEquals(lines.get(source.ruleId()), source, source.ruleId());
        }
    }

    @Test
    void everyTreatmentRuleOfTheKnowledgeFileIsKnownHere() throws IOException {
        List<String> known = Knowledge.v1().stream().map(RuleSource::ruleId).toList();
        List<String> treatmentRules = ruleLines(v1Part(knowledgeFile())).keySet().stream()
                .filter(KnowledgeTest::treatmentRule).sorted().toList();
        assertEquals(31, treatmentRules.size());
        assertTrue(known.containsAll(treatmentRules), "missing: " + treatmentRules.stream().filter(id -> !known.contains(id)).toList());
    }

    @Test
    void everyV2TreatmentRuleMatchesItsLineInTheKnowledgeV2Table() throws IOException {
        Map<String, RuleSource> lines = v2RuleLines(knowledgeFile());
        assertTrue(lines.size() >= 16, "the v2 table was parsed: " + lines.keySet());
        List<String> v2TreatmentRules = lines.keySet().stream().filter(KnowledgeTest::treatmentRule).sorted().toList();
        assertEquals(List.of("SV-EXTENT", "TX-CAUSE-ACTIONS", "TX-SECONDARY-GC"), v2TreatmentRules);
        assertEquals(v2TreatmentRules, Knowledge.v2Additions().stream().map(RuleSource::ruleId).sorted().toList());
        for (RuleSource source : Knowledge.v2Additions()) {
            assertEquals(lines.get(source.ruleId()), source, source.ruleId());
        }
    }

    @Test
    void v2CitesEveryV1RuleAndItsAdditionsV1OnlyItsOwn() {
        assertEquals(Knowledge.v1(), Knowledge.citableUnder(KnowledgeVersion.V1));
        List<RuleSource> v2 = Knowledge.citableUnder(KnowledgeVersion.V2);
        assertTrue(v2.containsAll(Knowledge.v1()) && v2.containsAll(Knowledge.v2Additions()));
        assertEquals(Knowledge.v1().size() + Knowledge.v2Additions().size(), v2.size());
    }

    private static boolean treatmentRule(String id) {
        return id.startsWith("SV-") || id.startsWith("TX-") || id.startsWith("PC-");
    }

    @Test
    void versionCodesAreTheContractSpellings() throws IOException {
        String title = knowledgeFile().lines().findFirst().orElseThrow();
        assertTrue(title.startsWith("# ") && title.endsWith(", v1"), title);
        assertTrue(knowledgeFile().contains("## Knowledge v2 (`cop-knowledge-v2`, CONTRACT section 9)"));
        assertEquals("cop-knowledge-v1", KnowledgeVersion.V1.code());
        assertEquals("cop-knowledge-v2", KnowledgeVersion.V2.code());
        assertEquals(KnowledgeVersion.V1, KnowledgeVersion.fromCode("cop-knowledge-v1"));
        assertEquals(KnowledgeVersion.V2, KnowledgeVersion.fromCode("cop-knowledge-v2"));
        for (String unknown : new String[] { "cop-knowledge-v3", "COP-KNOWLEDGE-V2", "", "v2" }) {
            assertThrows(IllegalArgumentException.class, () -> KnowledgeVersion.fromCode(unknown),
                    unknown);
        }
        assertThrows(IllegalArgumentException.class, () -> KnowledgeVersion.fromCode(null));
    }

    @Test
    void aRuleSourceNeedsACitation() {
        assertThrows(IllegalArgumentException.class, () -> new RuleSource("X", List.of(), Mark.U));
    }
}
