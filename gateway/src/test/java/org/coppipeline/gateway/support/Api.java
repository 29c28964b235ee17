package org.coppipeline.gateway.support;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** Calls of the gateway's HTTP API as a client makes them. */
public final class Api {

    public static final String EVENTS = "/api/v1/case-events";
    public static final String CASES = "/api/v1/cases";
    public static final String AUDIT = "/api/v1/audit-events";

    private Api() {
    }

    public static RequestSpecification as(String token) {
        RequestSpecification spec = given();
        return token == null ? spec : spec.header("Authorization", "Bearer " + token);
    }

    public static Response post(String token, String body) {
        return as(token).contentType("application/json").body(body).post(EVENTS);
    }

    public static Response view(String token, String caseId) {
        return as(token).get(CASES + "/" + caseId);
    }

    /** The first page of a case's history (default limit 50). */
    public static Response history(String token, String caseId) {
        return as(token).get(CASES + "/" + caseId + "/history");
    }

    public static Response history(String token, String caseId, java.util.Map<String, ?> query) {
        return as(token).queryParams(query).get(CASES + "/" + caseId + "/history");
    }

    public static Response audit(String token, java.util.Map<String, ?> query) {
        return as(token).queryParams(query).get(AUDIT);
    }
}
