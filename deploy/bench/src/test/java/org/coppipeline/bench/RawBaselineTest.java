package org.coppipeline.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The summaries kafka-tools 4.1.1 prints, as captured from real runs. */
class RawBaselineTest {

    @Test
    void producerSummaryLine() {
        String output = """
                [main] INFO org.apache.kafka.common.utils.AppInfoParser - Kafka version: 4.1.1
                24996 records sent, 4999.2 records/sec (50.71 MB/sec), 300.11 ms avg latency, 800.00 ms max latency.
                50000 records sent, 5592.2 records/sec (56.73 MB/sec), 329.11 ms avg latency, 932.00 ms max latency, 290 ms 50th, 639 ms 95th, 858 ms 99th, 915 ms 99.9th.
                """;
        assertArrayEquals(new double[] { 5592.2, 858 }, RawBaseline.parseProducer(output).orElseThrow());
    }

    @Test
    void consumerSummaryWithLogLinesBetweenHeaderAndValues() {
        String output = """
                [main] INFO org.apache.kafka.tools.ConsumerPerformance - Starting consumer...
                start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
                [main] INFO org.apache.kafka.common.config.AbstractConfig - ConsumerConfig values:
                \tallow.auto.create.topics = true
                2026-11-25 23:51:58:123, 2026-11-25 23:52:01:456, 507.1870, 152.1658, 50000, 15001.5002, 1203, 2130, 238.1160, 23474.1784
                """;
        assertEquals(23474.1784, RawBaseline.parseConsumer(output).orElseThrow(), 1e-9);
    }

    @Test
    void noSummaryNoFigure() {
        assertTrue(RawBaseline.parseProducer("Exception in thread main").isEmpty());
        assertTrue(RawBaseline.parseConsumer("start.time, end.time\n").isEmpty());
    }

    @Test
    void produceConsumeRateIsBothTimesAddedUp() {
        // 100 records/s produced and 300 consumed: 1 record takes 10 ms + 3.33 ms.
        assertEquals(75, new RawBaseline.Result(1000, 1, 100, 0, 300, 0).produceConsumePerSecond(), 1e-9);
    }
}
