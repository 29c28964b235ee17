package org.coppipeline.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import org.coppipeline.local.GatewayFuzzer.Kind;
import org.coppipeline.local.GatewayFuzzer.Request;
import org.coppipeline.local.GatewayFuzzer.Stream;

/** The fuzzer itself: reproducible from seed and index, every mutation kind used, PHI markers only where PHI belongs. */
class GatewayFuzzerTest {
    private static final List<String> HOSPITALS = List.of("h0", "h1", "h2");
    private static final GatewayFuzzer.Tokens TOKENS = hospital -> "header.claims-of-" + hospital + ".signature";

    private final GatewayFuzzer fuzzer = new GatewayFuzzer(42, TestSupport.examples().values().stream().map(e -> e.get("event")).toList(),
            HOSPITALS);

    @Test
    void aRequestDependsOnlyOnSeedAndIndex() {
        for (long index : new long[] { 0, 1, 977, 99_999 }) {
            assertArrayEquals(fuzzer.body(index, TOKENS).body(), fuzzer.body(index, TOKENS).body());
            assertEquals(fuzzer.query(index, TOKENS).target(), fuzzer.query(index, TOKENS).target());
            assertEquals(fuzzer.header(index, TOKENS).kinds(), fuzzer.header(index, TOKENS).kinds());
        }
        GatewayFuzzer other = new GatewayFuzzer(43, TestSupport.examples().values().stream().map(e -> e.get("event")).toList(), HOSPITALS);
        assertFalse(java.util.Arrays.equals(fuzzer.body(5, TOKENS).body(), other.body(5, TOKENS).body()), "another seed, other requests");
    }

    @Test
    void everyMutationKindIsUsedAndEveryBodyCarriesAMarker() {
        Set<Kind> seen = EnumSet.noneOf(Kind.class);
        for (long i = 0; i < 2_000; i++) {
            Request request = fuzzer.body(i, TOKENS);
            for (String kind : request.kinds().replaceAll("[\\[\\] ]", "").split(",")) {
                seen.add(Kind.valueOf(kind));
            }
            assertTrue(request.carriesMarker());
        }
        assertEquals(EnumSet.allOf(Kind.class), seen);
    }

    /** A marker in a log line means PHI leaked only if markers sit in clinical sections alone: never in ids or field names. */
    @Test
    void markersOnlyEverSitInClinicalSections() throws Exception {
        int parsed = 0;
        int markers = 0;
        for (long i = 0; i < 3_000; i++) {
            String text = new String(fuzzer.body(i, TOKENS).body(), StandardCharsets.UTF_8);
            JsonNode tree;
            try {
                tree = TestSupport.JSON.readTree(text);
            } catch (Exception notJson) {
                continue;
            }
            if (tree == null || !tree.isObject()) {
                continue;
            }
            parsed++;
            List<String> misplaced = new ArrayList<>();
            markers += walk(tree, "", misplaced);
            assertEquals(List.of(), misplaced, "body #" + i);
        }
        assertTrue(parsed > 1_000, "most bodies are still JSON: " + parsed);
        assertTrue(markers > parsed, "markers in the clinical sections: " + markers);
    }

    private static int walk(JsonNode node, String pointer, List<String> misplaced) {
        int markers = 0;
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
                var field = fields.next();
                if (field.getKey().contains(GatewayFuzzer.MARKER)) {
                    misplaced.add("field name at " + pointer);
                }
                markers += walk(field.getValue(), pointer + "/" + field.getKey(), misplaced);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                markers += walk(node.get(i), pointer + "/" + i, misplaced);
            }
        } else if (node.isTextual() && node.asText().contains(GatewayFuzzer.MARKER)) {
            markers++;
            if (!GatewayFuzzer.isPhi(pointer)) {
                misplaced.add(pointer);
            }
        }
        return markers;
    }

    @Test
    void clinicalSectionsArePhiIdsAreNot() {
        assertTrue(GatewayFuzzer.isPhi("/patient/ageYears"));
        assertTrue(GatewayFuzzer.isPhi("/history/medications/0/name"));
        assertTrue(GatewayFuzzer.isPhi("/x17"));
        assertFalse(GatewayFuzzer.isPhi("/caseId"));
        assertFalse(GatewayFuzzer.isPhi("/eventId"));
        assertFalse(GatewayFuzzer.isPhi(""));
    }

    @Test
    void queriesAndHeadersVary() {
        Set<String> methods = new java.util.HashSet<>();
        Set<String> headerKinds = new java.util.HashSet<>();
        long malformed = 0;
        for (long i = 0; i < 1_000; i++) {
            Request query = fuzzer.query(i, TOKENS);
            methods.add(query.method());
            Request header = fuzzer.header(i, TOKENS);
            headerKinds.addAll(List.of(header.kinds().split(",")));
            malformed += query.wellFormedHttp() && header.wellFormedHttp() ? 0 : 1;
            assertEquals(Stream.QUERY, query.stream());
        }
        assertTrue(methods.containsAll(Set.of("GET", "PUT", "DELETE")), methods.toString());
        assertEquals(12, headerKinds.size(), headerKinds.toString());
        assertTrue(malformed > 0 && malformed < 500, "a share of raw malformed HTTP: " + malformed);
    }

    @Test
    void theLogScanFindsAMarkerAnywhereInALine(@TempDir Path logs) throws Exception {
        Files.writeString(logs.resolve("a.log"), "{\"message\":\"fine\"}\n{\"message\":\"bad x" + GatewayFuzzer.MARKER + "12ab y\"}\n");
        Files.writeString(logs.resolve("b.log"), "nothing\n");
        GatewayFuzzIT.LogScan scan = GatewayFuzzIT.scanLogs(logs);
        assertEquals(2, scan.files());
        assertEquals(3, scan.lines());
        assertEquals(1, scan.markerLines().size());
        assertTrue(scan.markerLines().get(0).startsWith("a.log:2:"), scan.markerLines().toString());
    }

    @Test
    void singleRequestsAreNamedForAReplay() {
        assertEquals(Map.of(Stream.BODY, List.of(17L, 4L), Stream.QUERY, List.of(3L)), GatewayFuzzIT.only("BODY:17, query:3,BODY:4"));
        assertTrue(GatewayFuzzIT.only("").isEmpty());
    }
}
