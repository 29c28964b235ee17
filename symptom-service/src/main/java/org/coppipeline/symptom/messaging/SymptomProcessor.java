package org.coppipeline.symptom.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

import io.smallrye.mutiny.Multi;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

import org.coppipeline.symptom.SymptomStage;

/**
 * case-events → case-scored: adds the symptomAssessment section under each record's knowledge version (the configured
 * one, or a replay record's own), a poll at a time. A record it cannot process goes alone to case-events-dlq.
 */
@ApplicationScoped
public class SymptomProcessor {

    private final CaseRecords records;
    private final SymptomStage stage;
    private final RuleOutcomes outcomes;

    public SymptomProcessor(CaseRecords records, SymptomStage stage, RuleOutcomes outcomes) {
        this.records = records;
        this.stage = stage;
        this.outcomes = outcomes;
    }

    /**
     * On the connector's own thread (a stream result is never handed to a worker): the step is a few microseconds of
     * CPU per record and waits for nothing. The batch is acknowledged once all its outgoing records are.
     */
    @Incoming(Topics.IN)
    @Outgoing(Topics.OUT)
    public Multi<Message<byte[]>> process(KafkaRecordBatch<byte[], byte[]> batch) {
        return records.process(batch, SymptomStage.SECTION, stage.configuredVersion(), stage::assess, outcomes::count);
    }
}
