package org.coppipeline.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class CaseLocksTest {

    @Test
    void oneHolderPerCaseOthersWaitOrGiveUpAndNothingIsKeptAfterwards() throws Exception {
        CaseLocks locks = new CaseLocks();
        CaseLocks.Held held = locks.acquire("h/c1", Duration.ofSeconds(1));
        assertThat(held).isNotNull();

        // Another case is not held up; the same case is, until the holder lets go.
        CaseLocks.Held other = locks.acquire("h/c2", Duration.ZERO);
        assertThat(other).isNotNull();
        other.close();
        assertThat(CompletableFuture.supplyAsync(() -> acquire(locks, "h/c1", Duration.ZERO)).get(10, TimeUnit.SECONDS)).isNull();

        // A waiter gets it once the holder lets go (taken and let go on the waiter's own thread, as a POST does).
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            CaseLocks.Held next = acquire(locks, "h/c1", Duration.ofSeconds(30));
            if (next == null) {
                return false;
            }
            next.close();
            return true;
        });
        held.close();
        assertThat(waiter.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(locks.size()).isZero();
    }

    private static CaseLocks.Held acquire(CaseLocks locks, String key, Duration timeout) {
        try {
            return locks.acquire(key, timeout);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
