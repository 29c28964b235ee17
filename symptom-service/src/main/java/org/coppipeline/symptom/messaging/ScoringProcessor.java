package org.coppipeline.symptom.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

import org.coppipeline.symptom.SymptomStage;

/** case-events → case-scored: adds the symptomAssessment section. A record it cannot process is nacked into case-events-dlq. */
@ApplicationScoped
public class ScoringProcessor {

    private final CaseRecords records;
    private final SymptomStage stage;
    private final RuleOutcomes outcomes;

    public ScoringProcessor(CaseRecords records, SymptomStage stage, RuleOutcomes outcomes) {
        this.records = records;
        this.stage = stage;
        this.outcomes = outcomes;
    }

    @Incoming(Topics.IN)
    @Outgoing(Topics.OUT)
    public Message<String> score(Message<String> in) {
        return records.process(in, SymptomStage.SECTION, record -> outcomes.count(stage.assess(record)),
                stage.knowledgeVersion());
    }
}
