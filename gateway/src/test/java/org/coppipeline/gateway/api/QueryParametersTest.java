package org.coppipeline.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.ws.rs.core.MultivaluedHashMap;

import org.junit.jupiter.api.Test;

import org.coppipeline.gateway.api.Problem.FieldError;

/** The one reader of a paged GET's parameters that the case list, a case's history and the access audit share. */
class QueryParametersTest {

    static final Set<String> KNOWN = Set.of("stage", "caseId", "limit", "cursor", "after");

    static QueryParameters query(String... pairs) {
        MultivaluedHashMap<String, String> query = new MultivaluedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            query.add(pairs[i], pairs[i + 1]);
        }
        return new QueryParameters(query, KNOWN);
    }

    static Optional<Long> position(String cursor) {
        return cursor.startsWith("p") ? Optional.of(Long.parseLong(cursor.substring(1))) : Optional.empty();
    }

    @Test
    void validValuesAreReturnedAndAuditedInTheOrderRead() {
        QueryParameters query = query("cursor", "p42", "stage", "scored", "limit", "7", "caseId", "c1");
        assertThat(query.oneOf("stage", Set.of("received", "scored"))).isEqualTo("scored");
        assertThat(query.text("caseId", id -> id.startsWith("c"), "not a case id")).isEqualTo("c1");
        assertThat(query.limit(50, 500)).isEqualTo(7);
        assertThat(query.<Long>cursor(QueryParametersTest::position, "not a cursor")).isEqualTo(42L);
        query.throwIfInvalid();
        assertThat(query.audited()).isEqualTo("stage=scored&caseId=c1&limit=7&cursor=p42");
    }

    @Test
    void absentValuesAreNullAndNoError() {
        QueryParameters query = query();
        assertThat(query.oneOf("stage", Set.of("received"))).isNull();
        assertThat(query.<Long>cursor(QueryParametersTest::position, "not a cursor")).isNull();
        assertThat(query.instant("after")).isNull();
        assertThat(query.limit(50, 500)).isEqualTo(50);
        query.throwIfInvalid();
        assertThat(query.audited()).isNull();
    }

    @Test
    void eachInvalidValueIsNamedInOne400AndLeftOutOfTheAudit() {
        QueryParameters query = query("stage", "done", "cursor", "x", "limit", "0", "after", "yesterday", "limt", "1");
        assertThat(query.oneOf("stage", Set.of("scored", "received"))).isNull();
        assertThat(query.instant("after")).isNull();
        assertThat(query.limit(50, 500)).isEqualTo(50);
        assertThat(query.<Long>cursor(QueryParametersTest::position, "not a cursor of this listing")).isNull();
        assertThatThrownBy(query::throwIfInvalid).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.type()).isEqualTo(ProblemType.VALIDATION);
            assertThat(e.getMessage()).isEqualTo("5 invalid query parameters.");
            assertThat(e.errors()).containsExactly(
                    FieldError.parameter("limt", "unknown query parameter"),
                    FieldError.parameter("stage", "not one of [received, scored]"),
                    FieldError.parameter("after", "not an RFC 3339 date-time with offset"),
                    FieldError.parameter("limit", "must be between 1 and 500"),
                    FieldError.parameter("cursor", "not a cursor of this listing"));
        });
        assertThat(query.audited()).isEqualTo("(5 invalid, 1 unknown)");
    }

    @Test
    void aRepeatedParameterIsInvalidOnce() {
        QueryParameters query = query("limit", "5", "limit", "6");
        assertThat(query.limit(50, 500)).isEqualTo(5);
        assertThatThrownBy(query::throwIfInvalid).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.getMessage()).isEqualTo("Invalid query parameter limit.");
            assertThat(e.errors()).containsExactly(FieldError.parameter("limit", "given more than once"));
        });
        assertThat(query.audited()).isEqualTo("limit=5 (1 invalid)");
    }

    @Test
    void anIntegerTooLongForAnIntIsOutOfRangeNotANonInteger() {
        for (String text : List.of("99999999999", "+99999999999", "-99999999999", "2147483648")) {
            QueryParameters query = query("limit", text);
            assertThat(query.limit(50, 500)).as(text).isEqualTo(50);
            assertThatThrownBy(query::throwIfInvalid).as(text).isInstanceOfSatisfying(ProblemException.class,
                    e -> assertThat(e.errors()).containsExactly(FieldError.parameter("limit", "must be between 1 and 500")));
        }
        for (String text : List.of("1E3", "12.0", "0x10", "1 0", "")) {
            QueryParameters query = query("limit", text);
            assertThat(query.limit(50, 500)).as(text).isEqualTo(50);
            assertThatThrownBy(query::throwIfInvalid).as(text).isInstanceOfSatisfying(ProblemException.class,
                    e -> assertThat(e.errors()).containsExactly(FieldError.parameter("limit", "not an integer")));
        }
    }
}
