package org.coppipeline.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import com.fasterxml.jackson.databind.JsonNode;

import org.coppipeline.faults.History.Accepted;

/**
 * The checker: waits (bounded) until the pipeline has drained, then compares the history with what the pipeline holds.
 * <ul>
 * <li>lost = events acknowledged with 202 that never reached case-planned, and cases whose view is not planned;</li>
 * <li>each case has exactly one current view (the gateway's list, walked with its cursor) and it shows the case's
 * newest accepted event with that event's outcome (a late older event never replaced it);</li>
 * <li>the accepted rows in the database (settled: accepted or stale, never pending) are exactly the 202'd events, by
 * (hospital, event id): none for an id the client abandoned after a 503;</li>
 * <li>duplicates on each topic are counted (allowed: at-least-once) and reported.</li>
 * </ul>
 */
final class Checker {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** The list's visibility delay is 1 s: this only bounds a list that never shows a case. */
    static final Duration LISTING_TIMEOUT = Duration.ofSeconds(60);

    private Checker() {
    }

    /** What the checker found; the scenario asserts on it and it prints as one line of the figures table. */
    record Verdict(String scenario, int casesPosted, int casesAccepted, int eventsAccepted, int eventsPlanned,
            Set<String> lostEvents, Set<String> wrongViews, Set<String> misordered, Set<String> duplicateViews,
            Set<String> rowsWithout202, Set<String> missingRows, Set<String> abandonedWithRow, int[] duplicates,
            int ghostRecords, int abandonedCount, int stale, int unavailable, int connectionErrors, double slowest503s,
            double slowestRequestS, double longestGapS,
            double recoveryS, double seconds, List<String> anomalies) {

        String line() {
            return String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d | %d/%d/%d/%d | %d | %s | %.1f | %s | %.0f |",
                    scenario, casesPosted, casesAccepted, eventsAccepted, eventsPlanned, lostEvents.size(), wrongViews.size(),
                    duplicates[0], duplicates[1], duplicates[2], duplicates[3], unavailable,
                    unavailable == 0 ? "-" : String.format(Locale.ROOT, "%.1f", slowest503s), longestGapS,
                    Double.isNaN(recoveryS) ? "-" : String.format(Locale.ROOT, "%.1f", recoveryS), seconds);
        }

        String summary() {
            return String.format(Locale.ROOT, "%s: cases posted %d, accepted %d (events %d, %d stale), planned events %d, "
                    + "lost events %d, wrong views %d (misordered %d), duplicate views %d, rows without 202 %d, missing rows %d, "
                    + "abandoned ids with a row %d, duplicates on case-events/scored/assessed/planned %d/%d/%d/%d, "
                    + "ghost records of abandoned ids %d, 503s %d (slowest %.1f s), connection errors %d, "
                    + "longest gap between 202s %.1f s, recovery %s, %.0f s; anomalies %s",
                    scenario, casesPosted, casesAccepted, eventsAccepted, stale, eventsPlanned, lostEvents.size(),
                    wrongViews.size(), misordered.size(), duplicateViews.size(), rowsWithout202.size(), missingRows.size(),
                    abandonedWithRow.size(), duplicates[0], duplicates[1], duplicates[2], duplicates[3], ghostRecords,
                    unavailable, slowest503s, connectionErrors, longestGapS,
                    Double.isNaN(recoveryS) ? "-" : String.format(Locale.ROOT, "%.1f s", recoveryS), seconds,
                    anomalies.isEmpty() ? "none" : anomalies.subList(0, Math.min(5, anomalies.size())));
        }
    }

    static final String TABLE_HEADER = "| scenario | cases posted | cases accepted | events accepted | events planned | lost "
            + "| wrong views | duplicates events/scored/assessed/planned | 503s | slowest 503 (s) | longest 202 gap (s) "
            + "| recovery (s) | duration (s) |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|";

    static Verdict check(String scenario, FaultStack stack, History history, String prefix, Duration drainTimeout) {
        long t0 = System.nanoTime();
        TopicObserver observer = stack.observer();
        Map<String, Accepted> accepted = Map.copyOf(history.accepted());
        Map<String, Accepted> newestByCase = new HashMap<>();
        history.acceptedByCase().forEach((key, events) -> newestByCase.put(key, History.newest(events)));

        try {
            Awaitility.await(scenario + ": every accepted event planned and every view current; " + stack.logsHint())
                    .atMost(drainTimeout)
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        observer.requireRunning();
                        for (String id : accepted.keySet()) {
                            if (observer.count(id, 3) == 0) {
                                return false;
                            }
                        }
                        Map<String, String[]> views = viewsFromDatabase(stack, prefix);
                        for (var entry : newestByCase.entrySet()) {
                            String[] view = views.get(entry.getKey());
                            if (view == null || !"planned".equals(view[1]) || !entry.getValue().eventId().equals(view[0])) {
                                return false;
                            }
                        }
                        return true;
                    });
        } catch (ConditionTimeoutException e) {
            System.out.println("faults: " + scenario + ": not drained within " + drainTimeout.toSeconds() + " s; reporting what is missing");
        }

        Map<String, List<JsonNode>> listed = awaitListing(scenario, stack, history, prefix, newestByCase.keySet());

        Set<String> lostEvents = new TreeSet<>();
        int planned = 0;
        int[] duplicates = new int[TopicObserver.TOPICS.size()];
        for (String id : accepted.keySet()) {
            if (observer.count(id, 3) == 0) {
                lostEvents.add(id + " (" + accepted.get(id).plan().key() + ")");
            } else {
                planned++;
            }
            for (int topic = 0; topic < duplicates.length; topic++) {
                duplicates[topic] += Math.max(0, observer.count(id, topic) - 1);
            }
        }
        int ghosts = 0;
        for (String id : history.abandonedIds()) {
            ghosts += observer.count(id, 0);
        }

        Set<String> wrongViews = new TreeSet<>();
        Set<String> misordered = new TreeSet<>();
        Set<String> duplicateViews = new TreeSet<>();
        for (var entry : newestByCase.entrySet()) {
            Accepted newest = entry.getValue();
            List<JsonNode> items = listed.getOrDefault(entry.getKey(), List.of());
            if (items.size() > 1) {
                duplicateViews.add(entry.getKey() + " listed " + items.size() + " times");
            }
            if (items.isEmpty()) {
                wrongViews.add(entry.getKey() + ": no view");
                continue;
            }
            JsonNode view = items.get(items.size() - 1);
            String problem = null;
            if (!newest.eventId().equals(view.path("eventId").asText())) {
                problem = "shows event " + view.path("eventId").asText() + ", newest accepted is " + newest.eventId();
                if (accepted.containsKey(view.path("eventId").asText())) {
                    misordered.add(entry.getKey());
                }
            } else if (!"planned".equals(view.path("stage").asText())) {
                problem = "stage " + view.path("stage").asText();
            } else if (!newest.event().expectedRecommendation().equals(view.path("recommendation").asText())
                    || !newest.event().expectedConclusion().equals(view.path("conclusion").asText())) {
                problem = "outcome " + view.path("conclusion").asText() + "/" + view.path("recommendation").asText()
                        + ", expected " + newest.event().expectedConclusion() + "/" + newest.event().expectedRecommendation();
            }
            if (problem != null) {
                wrongViews.add(entry.getKey() + ": " + problem);
            }
        }
        for (String key : listed.keySet()) {
            if (!newestByCase.containsKey(key)) {
                wrongViews.add(key + ": listed, but no event of it was accepted");
            }
        }

        // Rows are compared by the gateway's key, (hospital, event id): an event id is unique within its hospital only.
        Set<String> rows = acceptedRows(stack, prefix);
        Set<String> acceptedKeys = new HashSet<>();
        accepted.values().forEach(a -> acceptedKeys.add(rowKey(a.plan().hospitalId(), a.eventId())));
        Set<String> rowsWithout202 = new TreeSet<>(rows);
        rowsWithout202.removeAll(acceptedKeys);
        Set<String> missingRows = new TreeSet<>(acceptedKeys);
        missingRows.removeAll(rows);
        Set<String> abandonedWithRow = new TreeSet<>(history.abandonedKeys());
        abandonedWithRow.retainAll(rows);

        double recovery = Double.NaN;
        if (history.restoredAt() > 0) {
            long latest = history.restoredAt();
            boolean complete = true;
            for (Accepted a : accepted.values()) {
                if (a.at() <= history.restoredAt()) {
                    long seen = observer.firstSeenAt(a.eventId(), 3);
                    if (seen == 0) {
                        complete = false;
                    }
                    latest = Math.max(latest, seen);
                }
            }
            recovery = complete ? (latest - history.restoredAt()) / 1e9 : Double.NaN;
        }
        int stale = (int) accepted.values().stream().filter(a -> "stale".equals(a.status())).count();

        Verdict verdict = new Verdict(scenario, history.casesPosted(), newestByCase.size(), accepted.size(), planned,
                lostEvents, wrongViews, misordered, duplicateViews, rowsWithout202, missingRows, abandonedWithRow,
                duplicates, ghosts, history.abandonedIds().size(), stale, history.unavailableCount(), history.connectionErrors(),
                history.slowest503Nanos() / 1e9, history.slowestRequestNanos() / 1e9, history.longestAcceptGapNanos() / 1e9, recovery,
                Duration.between(history.startedAt(), java.time.Instant.now()).toMillis() / 1000.0, history.anomalies());
        report(verdict, (System.nanoTime() - t0) / 1e9);
        return verdict;
    }

    /**
     * The gateway's list once it shows every case (bounded): it hides rows updated within its visibility delay, so
     * right after the drain the newest updates may not be listed yet. What it shows is judged by the caller; on time-out
     * it is whatever the list showed last.
     */
    static Map<String, List<JsonNode>> awaitListing(String scenario, FaultStack stack, History history, String prefix,
            Set<String> cases) {
        AtomicReference<Map<String, List<JsonNode>>> listed = new AtomicReference<>(Map.of());
        try {
            Awaitility.await(scenario + ": every case on the gateway's list; " + stack.logsHint())
                    .atMost(LISTING_TIMEOUT)
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        listed.set(listFromGateway(stack, history, prefix));
                        return listed.get().keySet().containsAll(cases);
                    });
        } catch (ConditionTimeoutException e) {
            System.out.println("faults: " + scenario + ": the list does not show every case within " + LISTING_TIMEOUT.toSeconds()
                    + " s; reporting what it shows");
        }
        return listed.get();
    }

    /** (hospital/case) → {event id, stage} of this scenario's views, straight from the read model; stage "incomplete" while a section is missing
     * (each topic's section is projected on its own, so case-planned may be written before case-assessed). */
    static Map<String, String[]> viewsFromDatabase(FaultStack stack, String prefix) throws SQLException {
        Map<String, String[]> views = new HashMap<>();
        try (Connection c = stack.database();
                PreparedStatement s = c.prepareStatement(
                        "SELECT hospital_id, case_id, event_id::text, CASE WHEN symptom_assessment IS NOT NULL AND cause_assessment IS NOT NULL"
                        + " AND treatment_plan IS NOT NULL THEN stage ELSE 'incomplete' END FROM case_view WHERE case_id LIKE ?")) {
            s.setString(1, prefix + "-%");
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    views.put(rows.getString(1) + "/" + rows.getString(2), new String[] { rows.getString(3), rows.getString(4) });
                }
            }
        }
        return views;
    }

    /** How an accepted row is named: the gateway's key (hospital_id, event_id), as hospital/eventId. */
    static String rowKey(String hospitalId, String eventId) {
        return hospitalId + "/" + eventId;
    }

    /**
     * The scenario's accepted (or stale) rows, by {@link #rowKey}. A pending row (gateway V5: recorded before the
     * publish, settled after Kafka's acknowledgement, deleted when the publish fails) is no accepted event: it is in no
     * view or history, and one a fault left behind is settled by the client's retry or stays invisible.
     */
    static Set<String> acceptedRows(FaultStack stack, String prefix) {
        Set<String> ids = new HashSet<>();
        try (Connection c = stack.database();
                PreparedStatement s = c.prepareStatement("SELECT hospital_id, event_id::text FROM accepted_event "
                        + "WHERE case_id LIKE ? AND status <> 'pending'")) {
            s.setString(1, prefix + "-%");
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    ids.add(rowKey(rows.getString(1), rows.getString(2)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read accepted events: " + e.getMessage(), e);
        }
        return ids;
    }

    /**
     * Walks GET /api/v1/cases of every hospital with its cursor (limit 500), from just before the scenario started,
     * and keeps this scenario's cases: every item, so a case listed twice shows up as such.
     */
    static Map<String, List<JsonNode>> listFromGateway(FaultStack stack, History history, String prefix) {
        Map<String, List<JsonNode>> listed = new HashMap<>();
        String after = history.startedAt().minusSeconds(5).toString();
        for (String hospital : CasePlans.HOSPITALS) {
            String cursor = null;
            for (int page = 0; page < 10_000; page++) {
                String query = "/api/v1/cases?limit=500&updatedAfter=" + URLEncoder.encode(after, StandardCharsets.UTF_8)
                        + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
                JsonNode body = getJson(stack, hospital, query);
                for (JsonNode item : body.path("items")) {
                    if (item.path("caseId").asText().startsWith(prefix + "-")) {
                        listed.computeIfAbsent(hospital + "/" + item.path("caseId").asText(), k -> new ArrayList<>()).add(item);
                    }
                }
                cursor = body.path("nextCursor").isTextual() ? body.path("nextCursor").asText() : null;
                if (!body.path("hasMore").asBoolean(false) || cursor == null) {
                    break;
                }
            }
        }
        return listed;
    }

    static JsonNode getJson(FaultStack stack, String hospital, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.gatewayUrl(path)))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + stack.token(hospital))
                .GET()
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return CasePlans.JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void report(Verdict verdict, double checkSeconds) {
        System.out.println("faults: " + verdict.summary() + String.format(Locale.ROOT, " (check took %.0f s)", checkSeconds));
        if (!verdict.lostEvents().isEmpty()) {
            System.out.println("faults: " + verdict.scenario() + ": lost (first 20): "
                    + verdict.lostEvents().stream().limit(20).toList());
        }
        if (!verdict.wrongViews().isEmpty()) {
            System.out.println("faults: " + verdict.scenario() + ": wrong views (first 20): "
                    + verdict.wrongViews().stream().limit(20).toList());
        }
        String file = System.getProperty("faults.figures.file");
        if (file != null) {
            try {
                Path path = Path.of(file);
                Files.createDirectories(path.toAbsolutePath().getParent());
                if (!Files.exists(path)) {
                    Files.writeString(path, "Fault scenarios, " + LocalDate.now() + ", " + Runtime.getRuntime().availableProcessors()
                            + " cores\n\n" + TABLE_HEADER + "\n");
                }
                Files.writeString(path, verdict.line() + "\n", StandardOpenOption.APPEND);
            } catch (IOException e) {
                System.out.println("faults: cannot write " + file + ": " + e.getMessage());
            }
        }
    }
}
