package org.coppipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;

import org.coppipeline.gateway.support.Api;
import org.coppipeline.gateway.support.Events;
import org.coppipeline.gateway.support.GatewayTestResources;
import org.coppipeline.gateway.support.StageRecords;
import org.coppipeline.gateway.support.StageResults;
import org.coppipeline.gateway.support.Tokens;

/** Keyset pagination: a walk over many cases misses none and repeats none; a poller resumes and sees only updates. */
@QuarkusTest
@WithTestResource(GatewayTestResources.class)
class CursorWalkTest {

    static final int CASES = 230;
    static final int PAGE = 17;

    @Inject
    @Any
    InMemoryConnector connector;

    record Page(List<String> caseIds, List<Instant> updatedAt, String nextCursor, boolean hasMore) {
    }

    static Page page(String viewer, String cursor, int limit) {
        var request = Api.as(viewer).queryParam("limit", limit);
        if (cursor != null) {
            request.queryParam("cursor", cursor);
        }
        JsonPath json = request.get(Api.CASES).then().statusCode(200).extract().jsonPath();
        List<String> updated = json.getList("items.updatedAt");
        return new Page(json.getList("items.caseId"), updated.stream().map(Instant::parse).toList(),
                json.getString("nextCursor"), json.getBoolean("hasMore"));
    }

    @Test
    void walkOverAllCasesMissesNoneAndRepeatsNone() {
        String hospital = "h-walk-" + UUID.randomUUID().toString().substring(0, 6);
        String publisher = Tokens.publisher(hospital);
        String viewer = Tokens.viewer(hospital);
        Map<String, ObjectNode> posted = new LinkedHashMap<>();
        for (int i = 0; i < CASES; i++) {
            String caseId = String.format("walk-%03d", (i * 7919) % CASES);
            ObjectNode event = Events.event(hospital, caseId);
            Api.post(publisher, event.toString()).then().statusCode(202);
            posted.put(caseId, event);
        }
        // Rows are listed once they are older than the visibility delay.
        await().atMost(Duration.ofSeconds(60)).until(() -> page(viewer, null, 500).caseIds().size() == CASES);

        List<String> walked = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        boolean more = true;
        while (more) {
            Page page = page(viewer, cursor, PAGE);
            assertThat(page.caseIds()).hasSizeLessThanOrEqualTo(PAGE);
            walked.addAll(page.caseIds());
            times.addAll(page.updatedAt());
            more = page.hasMore();
            cursor = page.nextCursor();
            assertThat(++pages).isLessThanOrEqualTo(CASES / PAGE + 2);
        }
        assertThat(walked).hasSize(CASES);
        assertThat(new HashSet<>(walked)).isEqualTo(posted.keySet());
        assertThat(times).isSorted();

        // Nothing new: resuming from the last cursor yields nothing and keeps the cursor.
        Page idle = page(viewer, cursor, PAGE);
        assertThat(idle.caseIds()).isEmpty();
        assertThat(idle.nextCursor()).isEqualTo(cursor);

        // A poller resuming later sees exactly the cases updated since, once each.
        Set<String> updated = Set.of("walk-003", "walk-100", "walk-229", "walk-000", "walk-057");
        for (String caseId : updated) {
            StageResults.send(connector, "case-scored", StageRecords.scored(posted.get(caseId)));
        }
        String resumeFrom = cursor;
        await().atMost(Duration.ofSeconds(60)).until(() -> page(viewer, resumeFrom, 500).caseIds().size() == updated.size());
        Page resumed = page(viewer, resumeFrom, 2);
        List<String> seen = new ArrayList<>(resumed.caseIds());
        String next = resumed.nextCursor();
        while (true) {
            Page more2 = page(viewer, next, 2);
            if (more2.caseIds().isEmpty()) {
                break;
            }
            seen.addAll(more2.caseIds());
            next = more2.nextCursor();
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(updated);
    }
}
