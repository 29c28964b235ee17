package org.coppipeline.gateway;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import org.coppipeline.gateway.support.GatewayTestResources;
import org.coppipeline.gateway.support.Management;

/**
 * The OpenAPI document (on the management port) describes every endpoint, its statuses and schemas; the request schema
 * is the contract's.
 */
@QuarkusTest
@WithTestResource(GatewayTestResources.class)
class OpenApiTest {

    @Test
    void everyEndpointWithItsStatuses() {
        Management.given().queryParam("format", "json").get("/q/openapi").then()
                .statusCode(200)
                .body("paths.'/api/v1/case-events'.post.responses.keySet()",
                        hasItems("202", "400", "401", "403", "409", "413", "415", "503"))
                .body("paths.'/api/v1/case-events'.post.responses.'202'.headers", hasKey("Location"))
                .body("paths.'/api/v1/case-events'.post.responses.'503'.headers", hasKey("Retry-After"))
                .body("paths.'/api/v1/case-events'.post.requestBody.content.'application/json'.schema.'$ref'",
                        equalTo("#/components/schemas/CaseEvent"))
                .body("paths.'/api/v1/cases'.get.responses.keySet()", hasItems("200", "400", "401", "403"))
                .body("paths.'/api/v1/cases'.get.parameters.name",
                        hasItems("conclusion", "recommendation", "stage", "updatedAfter", "limit", "cursor"))
                .body("paths.'/api/v1/cases/{caseId}'.get.responses.keySet()", hasItems("200", "304", "401", "403", "404"))
                .body("paths.'/api/v1/cases/{caseId}'.get.responses.'200'.headers", hasKey("ETag"))
                .body("paths.'/api/v1/cases/{caseId}/history'.get.responses.keySet()", hasItems("200", "400", "401", "403", "404", "429"))
                .body("paths.'/api/v1/cases/{caseId}/history'.get.parameters.name", hasItems("limit", "cursor"))
                .body("paths.'/api/v1/cases/{caseId}/history'.get.responses.'200'.content.'application/json'.schema.'$ref'",
                        equalTo("#/components/schemas/HistoryPage"))
                .body("paths.'/api/v1/case-events'.post.responses.keySet()", hasItems("429"))
                .body("paths.'/api/v1/case-events'.post.responses.'429'.headers", hasKey("Retry-After"))
                .body("paths.'/api/v1/cases'.get.responses.keySet()", hasItems("429"))
                .body("paths.'/api/v1/cases/{caseId}'.get.responses.'200'.headers", hasKey("Cache-Control"))
                .body("paths.'/api/v1/audit-events'.get.responses.keySet()", hasItems("200", "400", "401", "403", "429", "503"))
                .body("paths.'/api/v1/audit-events'.get.parameters.name", hasItems("caseId", "actor", "after", "limit", "cursor"))
                .body("components.schemas", hasKey("AuditPage"))
                .body("components.schemas", hasKey("AuditEvent"))
                .body("components.schemas.Problem.properties", hasKey("truncated"))
                .body("components.securitySchemes.bearer.scheme", equalTo("bearer"))
                .body("components.schemas", hasKey("CaseView"))
                .body("components.schemas", hasKey("CasePage"))
                .body("components.schemas", hasKey("HistoryEntry"))
                .body("components.schemas.Problem.properties", hasKey("errors"));
    }

    @Test
    void requestSchemaIsTheContractSchema() {
        Management.given().queryParam("format", "json").get("/q/openapi").then()
                .statusCode(200)
                .body("components.schemas.CaseEvent.required", hasItems("eventId", "caseId", "hospitalId", "occurredAt", "patient"))
                .body("components.schemas.CaseEvent.additionalProperties", equalTo(false))
                .body("components.schemas.CaseEvent.properties.patient.properties.ageYears.maximum", equalTo(120))
                .body("components.schemas.CaseEvent.properties.symptoms.items.properties.code.enum", hasItems("dyspnea", "crackles"))
                .body("components.schemas.CaseEvent.properties.occurredAt.format", equalTo("date-time"))
                .body("components.schemas.CaseEvent.properties.schemaVersion.const", equalTo(1))
                .body("components.schemas.CaseEvent.properties.caseId.pattern", notNullValue());
    }
}
