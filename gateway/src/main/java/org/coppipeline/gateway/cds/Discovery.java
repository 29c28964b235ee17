package org.coppipeline.gateway.cds;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** GET /cds-services (CDS Hooks 2.0 discovery): the suite's two services and their prefetch templates. */
public enum Discovery {
    PATIENT_VIEW("cop-patient-view", "patient-view", "COP decision support: patient chart",
            "When a chart is opened: the suite's assessment of the patient for organizing pneumonia (conclusion, "
                    + "recommendation, open work-up, the critical infection warning), built from the chart's FHIR data by "
                    + "the three rule stages of the suite."),
    GLUCOCORTICOID_ORDER("cop-glucocorticoid-order", "order-sign", "COP decision support: glucocorticoid order check",
            "When orders are signed: a systemic glucocorticoid ordered while infection is not excluded gets a critical "
                    + "card with the cancel and order-the-microbiology suggestions; an order the suite's plan supports gets none.");

    private final String id;
    private final String hook;
    private final String title;
    private final String description;

    Discovery(String id, String hook, String title, String description) {
        this.id = id;
        this.hook = hook;
        this.title = title;
        this.description = description;
    }

    public String id() {
        return id;
    }

    public String hook() {
        return hook;
    }

    public static Optional<Discovery> of(String id) {
        for (Discovery service : values()) {
            if (service.id.equals(id)) {
                return Optional.of(service);
            }
        }
        return Optional.empty();
    }

    /** The discovery document. */
    static ObjectNode document() {
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        var services = document.putArray("services");
        for (Discovery service : List.of(values())) {
            ObjectNode entry = services.addObject();
            entry.put("hook", service.hook);
            entry.put("title", service.title);
            entry.put("description", service.description);
            entry.put("id", service.id);
            ObjectNode prefetch = entry.putObject("prefetch");
            for (PrefetchKey key : PrefetchKey.values()) {
                prefetch.put(key.key(), key.template());
            }
            entry.put("usageRequirements", "The client's JWT must name an issuer on the service's allowlist. Without "
                    + "prefetch, fhirServer (and fhirAuthorization) must let the service read the same data.");
        }
        return document;
    }
}
