package org.coppipeline.gateway.fhir;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The one case event a Bundle maps to, the mapping report, and which Bundle element fed which event field. */
public record MappedBundle(ObjectNode event, Mapping mapping, Provenance provenance) {
}
