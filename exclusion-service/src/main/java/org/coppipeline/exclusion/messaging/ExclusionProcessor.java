package org.coppipeline.exclusion.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

import org.coppipeline.exclusion.CauseStage;

/**
 * case-scored → case-assessed: adds the causeAssessment section. A record that cannot be processed is
 * nacked (into case-scored-dlq) and skipped. SmallRye does not nack on a throw from a Message-to-Message
 * method: it fails the whole stream, so one poison record would stop the consumer. Hence the catch.
 */
@ApplicationScoped
public class ExclusionProcessor {

    private final CaseRecords records;
    private final CauseStage stage;

    public ExclusionProcessor(CaseRecords records, CauseStage stage) {
        this.records = records;
        this.stage = stage;
    }

    @Incoming(Topics.IN)
    @Outgoing(Topics.OUT)
    public Message<String> assess(Message<String> in) {
        try {
            var record = records.read(in.getPayload());
            record.set(CauseStage.SECTION, stage.assess(record));
            return records.forward(in, record, stage.knowledgeVersion());
        } catch (UnprocessableRecordException e) {
            in.nack(e);
            return null; // skipped: nothing is written downstream
        } catch (RuntimeException e) {
            // A defect of this stage, not of the record; only the type goes to the DLQ header, a message could quote data.
            in.nack(new UnprocessableRecordException("exclusion stage failed: " + e.getClass().getName()));
            return null;
        }
    }
}
