package org.coppipeline.gateway.fhir;

import org.hl7.fhir.r4.model.Bundle;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Bundle that is FHIR R4 JSON: the HAPI model, and the JSON tree it was parsed from (for the values the contract
 * takes "as sent", such as Bundle.timestamp and ids). Every Patient in both is already cut down to id, birthDate
 * and gender.
 */
public record ParsedBundle(JsonNode tree, Bundle bundle) {
}
