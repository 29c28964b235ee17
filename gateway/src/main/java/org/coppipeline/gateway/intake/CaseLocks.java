package org.coppipeline.gateway.intake;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per case within this gateway, held by a POST from its first database step to its last, across the wait
 * for Kafka. It holds no connection and no database lock: it only keeps a case's events in this gateway from being
 * published in another order than they were recorded (so that Kafka's order of a case matches which of its events
 * is current), and a repeat of an event in flight from publishing it a second time. An entry exists only while
 * someone holds or waits for it.
 */
final class CaseLocks {

    private static final class Entry {
        final ReentrantLock lock = new ReentrantLock();
        int users;
    }

    /** A held lock. */
    @FunctionalInterface
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    private final ConcurrentHashMap<String, Entry> locks = new ConcurrentHashMap<>();

    /** The case's lock, or null when it was not free within {@code timeout}. */
    Held acquire(String key, Duration timeout) throws InterruptedException {
        Entry entry = locks.compute(key, (k, known) -> {
            Entry used = known == null ? new Entry() : known;
            used.users++;
            return used;
        });
        boolean held = false;
        try {
            held = entry.lock.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } finally {
            if (!held) {
                leave(key);
            }
        }
        if (!held) {
            return null;
        }
        return () -> {
            entry.lock.unlock();
            leave(key);
        };
    }

    private void leave(String key) {
        locks.compute(key, (k, entry) -> --entry.users == 0 ? null : entry);
    }

    /** Cases with a holder or a waiter (for tests). */
    int size() {
        return locks.size();
    }
}
