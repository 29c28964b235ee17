package org.coppipeline.gateway.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The dispatcher's pace, on a fake clock: evenly spaced records, a bound in flight, live publishes first. */
class PacerTest {

    /** A clock that moves only when the pacer sleeps; the pauses it asked for are kept. */
    static final class FakeTime implements Pacer.Clock, Pacer.Sleeper {
        final AtomicLong now = new AtomicLong(1_000_000_000L);
        final List<Long> pauses = new ArrayList<>();

        @Override
        public long nanoTime() {
            return now.get();
        }

        @Override
        public synchronized void sleep(long nanos) {
            pauses.add(nanos);
            now.addAndGet(nanos);
        }
    }

    @Test
    void recordsAreSpacedEvenlyAtTheConfiguredRateWithoutABurst() throws InterruptedException {
        FakeTime time = new FakeTime();
        Pacer pacer = new Pacer(20, 1000, Duration.ZERO, longest -> {
        }, time, time);
        long start = time.nanoTime();
        for (int i = 0; i < 100; i++) {
            pacer.acquire();
            pacer.release();
        }
        // The first goes at once, each of the 99 others 50 ms after the one before.
        assertThat(time.pauses).hasSize(99).allSatisfy(p -> assertThat(p).isEqualTo(50_000_000L));
        assertThat(time.nanoTime() - start).isEqualTo(99 * 50_000_000L);
    }

    @Test
    void timeSpentElsewhereCountsTowardsTheNextRecord() throws InterruptedException {
        FakeTime time = new FakeTime();
        Pacer pacer = new Pacer(10, 10, Duration.ZERO, longest -> {
        }, time, time);
        pacer.acquire();
        time.now.addAndGet(30_000_000L);
        pacer.acquire();
        time.now.addAndGet(500_000_000L);
        pacer.acquire();
        // 100 ms apart: 70 ms still to wait after 30 ms elsewhere; none after 500 ms (and no catching up either).
        assertThat(time.pauses).containsExactly(70_000_000L);
        pacer.acquire();
        assertThat(time.pauses).containsExactly(70_000_000L, 100_000_000L);
    }

    @Test
    void atMostMaxInFlightRecordsWaitForKafkaAtOnce() throws Exception {
        FakeTime time = new FakeTime();
        Pacer pacer = new Pacer(1000, 2, Duration.ZERO, longest -> {
        }, time, time);
        pacer.acquire();
        pacer.acquire();
        assertThat(pacer.inFlight()).isEqualTo(2);
        CompletableFuture<Void> third = CompletableFuture.runAsync(() -> {
            try {
                pacer.acquire();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(pacer::hasWaiters);
        assertThat(third).isNotDone();
        pacer.release();
        third.get(10, TimeUnit.SECONDS);
        assertThat(pacer.inFlight()).isEqualTo(2);
    }

    @Test
    void everyRecordFirstWaitsForTheLivePublishesInFlightBoundedByLiveYield() throws InterruptedException {
        FakeTime time = new FakeTime();
        List<Duration> waits = new ArrayList<>();
        Pacer pacer = new Pacer(1000, 10, Duration.ofMillis(750), longest -> {
            waits.add(longest);
            // A live publish that takes 300 ms to finish.
            time.now.addAndGet(300_000_000L);
        }, time, time);
        pacer.acquire();
        pacer.acquire();
        assertThat(waits).containsExactly(Duration.ofMillis(750), Duration.ofMillis(750));
        // The spacing still holds between the two (it counts from when the first was let through).
        assertThat(time.pauses).containsExactly(1_000_000L);
    }

    @Test
    void anInterruptedWaitGivesItsSlotBack() {
        FakeTime time = new FakeTime();
        Pacer pacer = new Pacer(1000, 1, Duration.ofSeconds(1), longest -> {
            throw new InterruptedException();
        }, time, time);
        org.assertj.core.api.Assertions.assertThatThrownBy(pacer::acquire).isInstanceOf(InterruptedException.class);
        assertThat(pacer.inFlight()).isZero();
    }
}
