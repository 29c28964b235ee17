package org.coppipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import org.coppipeline.gateway.api.Problem;
import org.coppipeline.gateway.support.Api;
import org.coppipeline.gateway.support.GatewayTestResources;
import org.coppipeline.gateway.support.Tokens;

/**
 * limit, cursor and the date a listing starts after are read by one helper for the case list, a case's history and
 * the access audit: each bad value gets the same 400 from all three, word for word (only the cursor says whose
 * listing it is not from, and the limits are each listing's own).
 */
@QuarkusTest
@WithTestResource(GatewayTestResources.class)
class PagingParametersTest {

    static final String HOSPITAL = "h-paging";

    enum Listing {
        CASES(Api.CASES, 500, "updatedAfter", "not a cursor issued for this listing"),
        HISTORY(Api.CASES + "/c-paging/history", 200, null, "not a cursor issued for this case's history"),
        AUDIT(Api.AUDIT, 500, "after", "not a cursor issued for this hospital's audit");

        final String path;
        final int maxLimit;
        final String after;
        final String foreignCursor;

        Listing(String path, int maxLimit, String after, String foreignCursor) {
            this.path = path;
            this.maxLimit = maxLimit;
            this.after = after;
            this.foreignCursor = foreignCursor;
        }

        String token() {
            return this == AUDIT ? Tokens.auditor(HOSPITAL) : Tokens.viewer(HOSPITAL);
        }
    }

    /** A query (name, value pairs; a name may repeat), then the detail and each error's parameter and message. */
    record Case(String name, List<String> query, String detail, List<String> parameters, List<String> messages) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> answers() {
        return Stream.of(Listing.values()).flatMap(listing -> cases(listing).map(c -> Arguments.of(listing, c)));
    }

    static Stream<Case> cases(Listing listing) {
        String between = "must be between 1 and " + listing.maxLimit;
        Stream<Case> common = Stream.of(
                new Case("limit 0", List.of("limit", "0"), "Invalid query parameter limit.", List.of("limit"), List.of(between)),
                new Case("limit over", List.of("limit", String.valueOf(listing.maxLimit + 1)), "Invalid query parameter limit.",
                        List.of("limit"), List.of(between)),
                new Case("limit text", List.of("limit", "ten"), "Invalid query parameter limit.", List.of("limit"),
                        List.of("not an integer")),
                new Case("limit past int", List.of("limit", "99999999999"), "Invalid query parameter limit.",
                        List.of("limit"), List.of(between)),
                new Case("limit below int", List.of("limit", "-99999999999"), "Invalid query parameter limit.",
                        List.of("limit"), List.of(between)),
                new Case("limit decimal", List.of("limit", "1E3"), "Invalid query parameter limit.", List.of("limit"),
                        List.of("not an integer")),
                new Case("limit twice", List.of("limit", "5", "limit", "6"), "Invalid query parameter limit.",
                        List.of("limit"), List.of("given more than once")),
                new Case("cursor", List.of("cursor", "garbage!"), "Invalid query parameter cursor.", List.of("cursor"),
                        List.of(listing.foreignCursor)),
                new Case("limit and cursor", List.of("limit", "0", "cursor", "x"), "2 invalid query parameters.",
                        List.of("limit", "cursor"), List.of(between, listing.foreignCursor)),
                new Case("unknown", List.of("limt", "10"), "Invalid query parameter limt.", List.of("limt"),
                        List.of("unknown query parameter")));
        if (listing.after == null) {
            return common;
        }
        return Stream.concat(common, Stream.of(
                new Case("date text", List.of(listing.after, "yesterday"), "Invalid query parameter " + listing.after + ".",
                        List.of(listing.after), List.of("not an RFC 3339 date-time with offset")),
                new Case("date far", List.of(listing.after, "+300000-01-01T00:00:00Z"),
                        "Invalid query parameter " + listing.after + ".", List.of(listing.after),
                        List.of("not between 0001-01-01 and 9999-12-31"))));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("answers")
    void eachBadPagingParameterGetsTheSame400(Listing listing, Case bad) {
        RequestSpecification request = Api.as(listing.token());
        for (int i = 0; i < bad.query().size(); i += 2) {
            request = request.queryParam(bad.query().get(i), bad.query().get(i + 1));
        }
        Response response = request.get(listing.path);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.contentType()).startsWith(Problem.MEDIA_TYPE);
        JsonPath problem = response.jsonPath();
        assertThat(problem.getString("type")).isEqualTo("urn:cop-pipeline:problem:validation");
        assertThat(problem.getString("detail")).isEqualTo(bad.detail());
        assertThat(problem.getList("errors.parameter", String.class)).isEqualTo(bad.parameters());
        assertThat(problem.getList("errors.message", String.class)).isEqualTo(bad.messages());
        assertThat(problem.getMap("$")).doesNotContainKey("truncated");
    }
}
