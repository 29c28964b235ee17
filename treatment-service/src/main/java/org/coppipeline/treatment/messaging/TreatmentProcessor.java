package org.coppipeline.treatment.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

import io.smallrye.common.annotation.NonBlocking;

import org.coppipeline.treatment.TreatmentStage;

/**
 * case-assessed → case-planned: adds the treatmentPlan section under the record's knowledge version (the configured one,
 * or a replay record's own). A record it cannot process is nacked into case-assessed-dlq.
 */
@ApplicationScoped
public class TreatmentProcessor {

    private final CaseRecords records;
    private final TreatmentStage stage;
    private final RuleOutcomes outcomes;

    public TreatmentProcessor(CaseRecords records, TreatmentStage stage, RuleOutcomes outcomes) {
        this.records = records;
        this.stage = stage;
        this.outcomes = outcomes;
    }

    /**
     * On the connector's own thread: the step is a few microseconds of CPU and waits for nothing, and a synchronous
     * signature would otherwise be handed to a worker thread and back for every record (Quarkus' default).
     */
    @Incoming(Topics.IN)
    @Outgoing(Topics.OUT)
    @NonBlocking
    public Message<String> process(Message<String> in) {
        return records.process(in, TreatmentStage.SECTION, stage.configuredVersion(), stage::assess, outcomes::count);
    }
}
