package org.coppipeline.gateway.cds;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The token ids (jti) of every CDS client token accepted, each kept until its token expires (plus the clock skew):
 * a second use of one is a replay. Bounded: when it holds its maximum after dropping what has expired, the next
 * token is refused ({@link Full}) instead of being accepted unremembered. Keyed by issuer and jti, so two clients
 * cannot collide. One replica's memory: replicas do not share it (see the README).
 */
final class JtiReplayCache {

    /** No room for another token id. */
    static final class Full extends RuntimeException {
        Full() {
            super("jti cache full", null, false, false);
        }
    }

    private record Held(String key, Instant until) {
    }

    private final int maxSize;
    private final Clock clock;
    private final Map<String, Instant> held = new HashMap<>();
    private final PriorityQueue<Held> byExpiry = new PriorityQueue<>((a, b) -> a.until().compareTo(b.until()));

    JtiReplayCache(int maxSize, Clock clock) {
        this.maxSize = maxSize;
        this.clock = clock;
    }

    /** True when the id is new (and is now remembered until {@code until}); false when it was seen before. */
    synchronized boolean firstUse(String issuer, String jti, Instant until) {
        Instant now = clock.instant();
        dropExpired(now);
        String key = issuer.length() + ":" + issuer + "|" + jti;
        if (held.containsKey(key)) {
            return false;
        }
        if (held.size() >= maxSize) {
            throw new Full();
        }
        held.put(key, until);
        byExpiry.add(new Held(key, until));
        return true;
    }

    synchronized int size() {
        return held.size();
    }

    private void dropExpired(Instant now) {
        while (!byExpiry.isEmpty() && !byExpiry.peek().until().isAfter(now)) {
            held.remove(byExpiry.poll().key());
        }
    }
}
