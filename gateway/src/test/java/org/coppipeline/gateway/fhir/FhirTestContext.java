package org.coppipeline.gateway.fhir;

import ca.uhn.fhir.context.FhirContext;

/** One FhirContext for the plain unit tests of a test JVM (it costs seconds); the application makes its own. */
final class FhirTestContext {

    static final FhirContext CONTEXT = FhirContext.forR4();

    private FhirTestContext() {
    }
}
