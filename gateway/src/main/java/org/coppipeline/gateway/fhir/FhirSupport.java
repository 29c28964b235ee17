package org.coppipeline.gateway.fhir;

import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.runtime.Startup;

import ca.uhn.fhir.context.FhirContext;

import org.coppipeline.gateway.GatewayConfig;

/**
 * The application's one FhirContext (building one costs a second or two and it is thread-safe), the reader, the
 * mapper and the served CodeSystem, all made at start, never on a first request.
 */
@Startup
@ApplicationScoped
public class FhirSupport {

    private static final Logger LOG = Logger.getLogger(FhirSupport.class);
    /** The resource types the mapping reads: their definitions are scanned at start. */
    static final List<String> READ_TYPES = List.of("Bundle", "Patient", "Observation", "Condition", "DiagnosticReport",
            "Procedure", "MedicationStatement", "MedicationRequest", "Medication", "CodeSystem");

    private final FhirContext context;
    private final BundleReader reader;
    private final BundleMapper mapper;
    private final String codeSystem;

    public FhirSupport(GatewayConfig config) {
        long started = System.nanoTime();
        this.context = FhirContext.forR4();
        READ_TYPES.forEach(context::getResourceDefinition);
        this.reader = new BundleReader(context, config.maxBodyBytes());
        this.mapper = new BundleMapper(new CodeTable(ContractValues.load()));
        this.codeSystem = CopCodeSystem.json(context, mapper.table());
        // One small Bundle through the whole path, so the parser's classes are loaded before the first request.
        reader.read("""
                {"resourceType":"Bundle","type":"collection","timestamp":"2026-01-01T00:00:00Z",
                 "identifier":{"value":"warm-up"},"entry":[{"resource":{"resourceType":"Patient","birthDate":"2000"}}]}
                """.getBytes(StandardCharsets.UTF_8));
        LOG.infof("FHIR R4 context ready in %d ms", (System.nanoTime() - started) / 1_000_000);
    }

    public FhirContext context() {
        return context;
    }

    public BundleReader reader() {
        return reader;
    }

    public BundleMapper mapper() {
        return mapper;
    }

    /** The CodeSystem resource of the cop codes, as FHIR JSON. */
    public String codeSystem() {
        return codeSystem;
    }
}
