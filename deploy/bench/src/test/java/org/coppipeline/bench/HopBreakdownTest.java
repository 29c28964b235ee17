package org.coppipeline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import org.coppipeline.bench.HopBreakdown.CaseTimes;
import org.coppipeline.bench.HopBreakdown.Point;
import org.coppipeline.bench.HopBreakdown.Stamp;

class HopBreakdownTest {

    private static final String EVENT = "5b0c6a1e-0000-4000-8000-000000000001";

    private static ConsumerRecord<String, byte[]> record(String topic, String key, String eventId, long timestamp, TimestampType type) {
        RecordHeaders headers = new RecordHeaders();
        if (eventId != null) {
            headers.add("hospitalId", "hosp-a".getBytes(StandardCharsets.UTF_8));
            headers.add("eventId", eventId.getBytes(StandardCharsets.UTF_8));
        }
        return new ConsumerRecord<>(topic, 3, 42, timestamp, type, -1, -1, key, new byte[] { '{', '}' }, headers, Optional.empty());
    }

    @Test
    void aStageRecordGivesItsPointKeyEventAndCreateTime() {
        Stamp stamp = Stamp.of(record("case-assessed", "hosp-a/c-1", EVENT, 1_764_900_000_123L, TimestampType.CREATE_TIME)).orElseThrow();
        assertEquals(Point.CASE_ASSESSED, stamp.point());
        assertEquals("hosp-a/c-1", stamp.key());
        assertEquals(EVENT, stamp.eventId());
        assertEquals(1_764_900_000_123L, stamp.createTimeMs());
        assertEquals(Point.CASE_EVENTS, Stamp.of(record("case-events", "k", EVENT, 5, TimestampType.CREATE_TIME)).orElseThrow().point());
        assertEquals(Point.CASE_SCORED, Stamp.of(record("case-scored", "k", EVENT, 5, TimestampType.CREATE_TIME)).orElseThrow().point());
        assertEquals(Point.CASE_PLANNED, Stamp.of(record("case-planned", "k", EVENT, 5, TimestampType.CREATE_TIME)).orElseThrow().point());
    }

    @Test
    void recordsThatCannotTimeAHopAreSkipped() {
        // LogAppendTime is the broker's clock at append, not the producer's hand-over.
        assertTrue(Stamp.of(record("case-scored", "k", EVENT, 5, TimestampType.LOG_APPEND_TIME)).isEmpty());
        assertTrue(Stamp.of(record("case-scored", "k", EVENT, -1, TimestampType.NO_TIMESTAMP_TYPE)).isEmpty());
        assertTrue(Stamp.of(record("case-scored", "k", null, 5, TimestampType.CREATE_TIME)).isEmpty());
        assertTrue(Stamp.of(record("case-scored", null, EVENT, 5, TimestampType.CREATE_TIME)).isEmpty());
        assertTrue(Stamp.of(record("case-scored-dlq", "k", EVENT, 5, TimestampType.CREATE_TIME)).isEmpty());
    }

    @Test
    void pointsArePutOnTheIntendedSendsAxis() {
        // nanoTime 1,000,000,000 is epoch ms 1,700,000,000,000 (offset in nanos).
        long offset = 1_700_000_000_000L * 1_000_000L - 1_000_000_000L;
        long intended = 1_000_000_000L;
        long[] created = { 1_700_000_000_002L, 1_700_000_000_005L, 1_700_000_000_009L, 1_700_000_000_020L };
        CaseTimes c = CaseTimes.of(offset, intended, intended + 300_000, created, intended + 21_000_000, intended + 30_000_000,
                intended + 4_000_000, 1_700_000_000_026_250L,
                intended + 27_000_000);
        assertEquals(0.3, c.at()[Point.SENT.ordinal()], 1e-9);
        assertEquals(2.5, c.at()[Point.CASE_EVENTS.ordinal()], 1e-9); // the middle of the CreateTime's millisecond
        assertEquals(5.5, c.at()[Point.CASE_SCORED.ordinal()], 1e-9);
        assertEquals(9.5, c.at()[Point.CASE_ASSESSED.ordinal()], 1e-9);
        assertEquals(20.5, c.at()[Point.CASE_PLANNED.ordinal()], 1e-9);
        assertEquals(21.0, c.at()[Point.CONSUMED.ordinal()], 1e-9);
        assertEquals(30.0, c.at()[Point.VIEW_PLANNED.ordinal()], 1e-9);
        assertEquals(4.0, c.answerMs(), 1e-9);
        assertEquals(26.25, c.viewWrittenMs(), 1e-9);
        assertEquals(27.0, c.lastGetMs(), 1e-9);
        assertEquals(11.0, c.hop(Point.CASE_PLANNED.ordinal()), 1e-9);
        assertEquals(0.3, c.hop(Point.SENT.ordinal()), 1e-9);
        assertTrue(c.complete());
        assertTrue(!CaseTimes.of(offset, intended, intended, new long[] { 1, 0, 3, 4 }, 1, 1, 1, 1, 1).complete());
        assertTrue(Double.isNaN(CaseTimes.of(offset, intended, 1, created, 1, 1, 1, 0, 0).viewWrittenMs()));
    }

    /** A case whose points are {@code gaps} apart, one per hop, from the intended send; its 202 1 ms after case-events. */
    private static CaseTimes steps(double... gaps) {
        double[] at = new double[gaps.length];
        double sum = 0;
        for (int i = 0; i < gaps.length; i++) {
            sum += gaps[i];
            at[i] = sum;
        }
        // The view written 2 ms after case-planned.
        // The last GET sent 0.5 ms before its answer.
        return new CaseTimes(at, at[Point.CASE_EVENTS.ordinal()] + 1, at[Point.CASE_PLANNED.ordinal()] + 2,
                at[Point.VIEW_PLANNED.ordinal()] - 0.5);
    }

    @Test
    void percentilesPerHopAndFromTheSend() {
        List<CaseTimes> cases = new ArrayList<>();
        // 100 cases: the symptom hop takes 1..100 ms, every other hop 1 ms.
        for (int i = 1; i <= 100; i++) {
            cases.add(steps(1, 1, i, 1, 1, 1, 1));
        }
        HopBreakdown h = HopBreakdown.of(cases);
        assertEquals(100, h.cases());
        assertEquals(0, h.incomplete());
        HopBreakdown.Summary symptom = h.hops().get(HopBreakdown.HOPS.get(2));
        assertEquals(100, symptom.count());
        assertEquals(50, symptom.p50(), 1e-9);
        assertEquals(90, symptom.p90(), 1e-9);
        assertEquals(99, symptom.p99(), 1e-9);
        assertEquals(100, symptom.max(), 1e-9);
        HopBreakdown.Summary intake = h.hops().get(HopBreakdown.HOPS.get(1));
        assertEquals(1, intake.p50(), 1e-9);
        assertEquals(1, intake.max(), 1e-9);
        // From the send: 6 ms of 1 ms hops plus the symptom hop.
        HopBreakdown.Summary total = h.cumulative().get("view planned");
        assertEquals(56, total.p50(), 1e-9);
        assertEquals(105, total.p99(), 1e-9);
        assertEquals(2, h.cumulative().get("case-events").p99(), 1e-9);
        assertEquals(1, h.answer().p50(), 1e-9);
        assertEquals(2, h.projector().p99(), 1e-9);
        // view planned = case-planned + 2 (consumer, then GET): read = 2 - 2 = 0.
        assertEquals(0, h.read().max(), 1e-9);
        assertEquals(0.5, h.get().p50(), 1e-9);
        // received -> last GET: the view-planned hop (1 ms) less the GET's 0.5 ms.
        assertEquals(0.5, h.confirmWait().p99(), 1e-9);
        // The view was written (case-planned + 2) after the record's receipt (case-planned + 1); the last GET left at
        // case-planned + 1.5: before the write, as a GET that waits on the commit can.
        assertEquals(-0.5, h.late().p50(), 1e-9);
        // The tail (total >= p99 = 105: the cases of 99 and 100 ms) is all symptom.
        assertEquals(2, h.tailCases());
        assertEquals(2, h.tailLargestHop().get(HopBreakdown.HOPS.get(2)));
        assertEquals(0, h.tailLargestHop().get(HopBreakdown.HOPS.get(6)));
    }

    @Test
    void casesMissingAPointAreCountedNotSummed() {
        CaseTimes missing = new CaseTimes(new double[] { 0.1, Double.NaN, 3, 4, 5, 6, 7 }, Double.NaN, Double.NaN, Double.NaN);
        HopBreakdown h = HopBreakdown.of(List.of(steps(1, 2, 3, 4, 5, 6, 7), missing));
        assertEquals(2, h.cases());
        assertEquals(1, h.incomplete());
        assertEquals(1, h.hops().get(HopBreakdown.HOPS.get(0)).count());
        assertEquals(7, h.hops().get(HopBreakdown.HOPS.get(6)).max(), 1e-9);
        assertEquals(28, h.cumulative().get("view planned").max(), 1e-9);
        assertEquals(1, h.tailLargestHop().get(HopBreakdown.HOPS.get(6)));
        assertTrue(h.table("test").contains(HopBreakdown.ANSWER_HOP));
    }

    @Test
    void casesAreAlsoSummedPerTenSecondsOfSends() {
        List<CaseTimes> cases = List.of(steps(1, 1, 100, 1, 1, 1, 1), steps(1, 1, 300, 1, 1, 1, 1), steps(1, 1, 5, 1, 1, 1, 1));
        HopBreakdown h = HopBreakdown.of(cases, new double[] { 0.5, 9.99, 25 });
        assertEquals(3, h.cases());
        assertEquals(3, h.buckets().size(), "0-10 s, 10-20 s (none), 20-30 s");
        assertEquals(2, h.buckets().get(0).cases());
        assertEquals(0, h.buckets().get(1).cases());
        assertEquals(1, h.buckets().get(2).cases());
        assertEquals(100, h.buckets().get(0).hops().get(HopBreakdown.HOPS.get(2)).p50(), 1e-9);
        assertEquals(5, h.buckets().get(2).hops().get(HopBreakdown.HOPS.get(2)).p50(), 1e-9);
        assertTrue(HopBreakdown.of(cases).buckets().isEmpty());
        assertEquals(5, h.bucketTable().lines().count(), "a header of two lines, a line per bucket");
    }

    @Test
    void noCasesGiveAnEmptyBreakdown() {
        HopBreakdown h = HopBreakdown.of(List.of());
        assertEquals(0, h.cases());
        assertEquals(0, h.tailCases());
        assertTrue(Double.isNaN(h.hops().get(HopBreakdown.HOPS.get(0)).p50()));
    }
}
