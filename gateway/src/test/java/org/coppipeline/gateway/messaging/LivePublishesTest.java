package org.coppipeline.gateway.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class LivePublishesTest {

    @Test
    void idleWhenNothingIsInFlight() throws InterruptedException {
        LivePublishes live = new LivePublishes();
        assertThat(live.awaitIdle(Duration.ZERO)).isTrue();
        live.started();
        live.started();
        assertThat(live.inFlight()).isEqualTo(2);
        assertThat(live.awaitIdle(Duration.ZERO)).isFalse();
        live.finished();
        assertThat(live.awaitIdle(Duration.ZERO)).isFalse();
        live.finished();
        assertThat(live.awaitIdle(Duration.ZERO)).isTrue();
    }

    @Test
    void aWaiterIsReleasedWhenTheLastLivePublishFinishes() throws Exception {
        LivePublishes live = new LivePublishes();
        live.started();
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return live.awaitIdle(Duration.ofMinutes(5));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(waiter).isNotDone();
        live.finished();
        assertThat(waiter.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aWaiterGivesUpAfterItsBound() throws Exception {
        LivePublishes live = new LivePublishes();
        live.started();
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return live.awaitIdle(Duration.ofMillis(50));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(waiter::isDone);
        assertThat(waiter.get()).isFalse();
    }
}
