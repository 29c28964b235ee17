package org.coppipeline.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;

/**
 * Where a planned case's latency goes, hop by hop (issue 15): from the intended send time to the moment the generator
 * sent the POST, to the case-events record, case-scored, case-assessed, case-planned (each record's CreateTime, set by
 * the producer of that hop when it handed the record over), to the benchmark's consumer receiving case-planned, and to
 * the GET that read the view planned (projector + read path). The gateway's 202 is a side branch: it answers once
 * Kafka acknowledged the case-events record, so it is reported from the case-events record too.
 *
 * <p>The benchmark's times are {@code System.nanoTime()}; a record's timestamp is wall-clock milliseconds. Both are
 * put on one axis, milliseconds after the intended send, with the offset between the two clocks read at the start of
 * each step. A CreateTime is truncated to the millisecond, so it is taken as the middle of its millisecond
 * ({@code +0.5}): each Kafka point is within ±0.5 ms and a hop between two points within ±1 ms, so a hop can read
 * slightly negative. Percentiles are nearest-rank over the cases that have every point (the others are counted).
 */
public final class HopBreakdown {

    /** The points of a case, in pipeline order; index 0 is the intended send (0 by definition). */
    public enum Point {
        SENT("sent"), CASE_EVENTS("case-events"), CASE_SCORED("case-scored"), CASE_ASSESSED("case-assessed"),
        CASE_PLANNED("case-planned"), CONSUMED("bench consumer"), VIEW_PLANNED("view planned");

        final String label;

        Point(String label) {
            this.label = label;
        }

        /** The point a record of this topic stands for, if it is one of the four pipeline topics. */
        static Optional<Point> ofTopic(String topic) {
            return switch (topic) {
                case "case-events" -> Optional.of(CASE_EVENTS);
                case "case-scored" -> Optional.of(CASE_SCORED);
                case "case-assessed" -> Optional.of(CASE_ASSESSED);
                case "case-planned" -> Optional.of(CASE_PLANNED);
                default -> Optional.empty();
            };
        }
    }

    /** The topics the benchmark's consumer reads for the breakdown. */
    public static final List<String> TOPICS = List.of("case-events", "case-scored", "case-assessed", "case-planned");

    /** The hops: each from the previous point of the chain, what it covers. */
    public static final List<String> HOPS = List.of(
            "generator: intended -> sent",
            "gateway intake: sent -> case-events",
            "symptom: case-events -> case-scored",
            "exclusion: case-scored -> case-assessed",
            "treatment: case-assessed -> case-planned",
            "bench consumer: case-planned -> received",
            "projector+read: received -> view planned");
    /** A side branch: the gateway's answer after the case-events record (Kafka's ack, the HTTP answer). */
    public static final String ANSWER_HOP = "gateway answer: case-events -> 202";
    /**
     * The other consumer of case-planned, beside the benchmark's: the projector, from the record to the view's
     * updatedAt ({@code clock_timestamp()} of its write, inside the batch's transaction, before its commit).
     */
    public static final String PROJECTOR_HOP = "projector: case-planned -> view updatedAt";
    /** From the projector's write to the GET that read it: the commit, then the benchmark's first GET or re-read. */
    public static final String READ_HOP = "read: view updatedAt -> view planned";
    /**
     * The benchmark's part of the read: from its consumer receiving case-planned to the send of the GET that read the
     * view planned (a free confirmation slot, re-reads and their pauses while the projector had not written it yet).
     */
    public static final String CONFIRM_WAIT_HOP = "bench: received -> last GET sent";
    /**
     * The benchmark's own delay in reading: from the later of its consumer receiving case-planned and the projector
     * writing the view, to the send of the GET that read it planned (a free slot, the re-read pause overshooting the
     * commit). Near 0 when the benchmark reads as soon as it can; a GET sent before the commit reads slightly negative.
     */
    public static final String LATE_HOP = "bench late: rcvd|updatedAt -> last GET";
    /** The gateway's read path: the GET that read the view planned, from its send to its answer. */
    public static final String GET_HOP = "gateway GET: last GET sent -> answer";

    /**
     * A record of one of the pipeline topics that belongs to a case: its point, the case key, the event id (header
     * {@code eventId}) and its CreateTime in epoch milliseconds.
     */
    public record Stamp(Point point, String key, String eventId, long createTimeMs) {

        /**
         * Reads a consumed record; empty when it is not a pipeline topic, has no key or eventId header, or carries no
         * producer timestamp (LogAppendTime would time the broker, not the hop).
         */
        public static Optional<Stamp> of(ConsumerRecord<String, ?> record) {
            if (record.key() == null || record.timestampType() != TimestampType.CREATE_TIME || record.timestamp() < 0) {
                return Optional.empty();
            }
            Header eventId = record.headers().lastHeader("eventId");
            if (eventId == null) {
                return Optional.empty();
            }
            return Point.ofTopic(record.topic()).map(p -> new Stamp(p, record.key(),
                    new String(eventId.value(), StandardCharsets.UTF_8), record.timestamp()));
        }
    }

    /**
     * One case's points in ms after its intended send; NaN where a point is missing.
     *
     * @param at            indexed by {@link Point#ordinal()}
     * @param answerMs      the 202, ms after the intended send
     * @param viewWrittenMs the planned view's updatedAt, ms after the intended send
     * @param lastGetMs     the send of the GET that read the view planned, ms after the intended send
     */
    public record CaseTimes(double[] at, double answerMs, double viewWrittenMs, double lastGetMs) {

        /**
         * From the benchmark's clock and the records' CreateTimes.
         *
         * @param epochOffsetNanos wall-clock nanos minus {@code System.nanoTime()}, read at the step's start
         * @param intendedNanos    the intended send ({@code System.nanoTime()})
         * @param nanos            sent, consumed, view planned ({@code System.nanoTime()}, 0 = missing)
         * @param createTimesMs    case-events, case-scored, case-assessed, case-planned CreateTimes (epoch ms, 0 = missing)
         * @param answerNanos      the 202 ({@code System.nanoTime()}, 0 = missing)
         * @param viewWrittenMicros the planned view's updatedAt (epoch µs, 0 = missing)
         * @param lastGetNanos      the send of the GET that read it planned ({@code System.nanoTime()}, 0 = missing)
         */
        public static CaseTimes of(long epochOffsetNanos, long intendedNanos, long sentNanos, long[] createTimesMs, long consumedNanos,
                long viewNanos, long answerNanos, long viewWrittenMicros, long lastGetNanos) {
            double[] at = new double[Point.values().length];
            at[Point.SENT.ordinal()] = sinceNanos(intendedNanos, sentNanos);
            double intendedEpochMs = (intendedNanos + epochOffsetNanos) / 1e6;
            for (int i = 0; i < 4; i++) {
                // CreateTime truncates to the millisecond: the middle of it is the unbiased estimate.
                at[Point.CASE_EVENTS.ordinal() + i] = createTimesMs[i] > 0 ? createTimesMs[i] + 0.5 - intendedEpochMs : Double.NaN;
            }
            at[Point.CONSUMED.ordinal()] = sinceNanos(intendedNanos, consumedNanos);
            at[Point.VIEW_PLANNED.ordinal()] = sinceNanos(intendedNanos, viewNanos);
            double written = viewWrittenMicros > 0 ? viewWrittenMicros / 1e3 - intendedEpochMs : Double.NaN;
            return new CaseTimes(at, sinceNanos(intendedNanos, answerNanos), written, sinceNanos(intendedNanos, lastGetNanos));
        }

        private static double sinceNanos(long intended, long t) {
            return t == 0 ? Double.NaN : (t - intended) / 1e6;
        }

        boolean complete() {
            return Arrays.stream(at).noneMatch(Double::isNaN);
        }

        /** Hop i: point i minus point i-1 (point -1 is the intended send, 0). */
        double hop(int i) {
            return at[i] - (i == 0 ? 0 : at[i - 1]);
        }

        double total() {
            return at[at.length - 1];
        }
    }

    /** p50/p90/p99/max (nearest rank) of one hop, in ms. */
    public record Summary(int count, double p50, double p90, double p99, double max) {

        static final Summary NONE = new Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

        static Summary of(double[] samples) {
            if (samples.length == 0) {
                return NONE;
            }
            Arrays.sort(samples);
            return new Summary(samples.length, Percentiles.rank(samples, 50), Percentiles.rank(samples, 90),
                    Percentiles.rank(samples, 99), samples[samples.length - 1]);
        }
    }

    public static final HopBreakdown NONE = of(List.of());

    private final int cases;
    private final int incomplete;
    private final Map<String, Summary> hops;
    private final Map<String, Summary> cumulative;
    private final Summary answer;
    private final Summary projector;
    private final Summary read;
    private final Summary confirmWait;
    private final Summary get;
    private final Summary late;
    private final int tailCases;
    private final Map<String, Integer> tailLargestHop;
    /** The same per 10 s of intended send times (index = bucket), empty unless asked for. */
    private List<HopBreakdown> buckets = List.of();
    public static final int BUCKET_SECONDS = 10;

    private HopBreakdown(int cases, int incomplete, Map<String, Summary> hops, Map<String, Summary> cumulative, Summary answer,
            Summary projector, Summary read, Summary confirmWait, Summary get, Summary late, int tailCases,
            Map<String, Integer> tailLargestHop) {
        this.late = late;
        this.confirmWait = confirmWait;
        this.get = get;
        this.projector = projector;
        this.read = read;
        this.cases = cases;
        this.incomplete = incomplete;
        this.hops = hops;
        this.cumulative = cumulative;
        this.answer = answer;
        this.tailCases = tailCases;
        this.tailLargestHop = tailLargestHop;
    }

    /**
     * The breakdown of a step's planned cases, and of those of each {@link #BUCKET_SECONDS} of the step by intended send
     * (a cold stack's first minute changes as it warms: which hop holds the seconds, and until when).
     *
     * @param sendSeconds for each case, its intended send in seconds after the step's first
     */
    public static HopBreakdown of(List<CaseTimes> all, double[] sendSeconds) {
        HopBreakdown whole = of(all);
        List<List<CaseTimes>> grouped = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            int bucket = (int) Math.max(0, Math.floor(sendSeconds[i] / BUCKET_SECONDS));
            while (grouped.size() <= bucket) {
                grouped.add(new ArrayList<>());
            }
            grouped.get(bucket).add(all.get(i));
        }
        whole.buckets = grouped.stream().map(HopBreakdown::of).toList();
        return whole;
    }

    /** The breakdown of a step's planned cases. */
    public static HopBreakdown of(List<CaseTimes> all) {
        List<CaseTimes> complete = all.stream().filter(CaseTimes::complete).toList();
        int points = Point.values().length;
        Map<String, Summary> hops = new LinkedHashMap<>();
        Map<String, Summary> cumulative = new LinkedHashMap<>();
        for (int i = 0; i < points; i++) {
            int hop = i;
            hops.put(HOPS.get(i), Summary.of(complete.stream().mapToDouble(c -> c.hop(hop)).toArray()));
            cumulative.put(Point.values()[i].label, Summary.of(complete.stream().mapToDouble(c -> c.at()[hop]).toArray()));
        }
        Summary answer = Summary.of(complete.stream().filter(c -> !Double.isNaN(c.answerMs()))
                .mapToDouble(c -> c.answerMs() - c.at()[Point.CASE_EVENTS.ordinal()]).toArray());
        List<CaseTimes> written = complete.stream().filter(c -> !Double.isNaN(c.viewWrittenMs())).toList();
        Summary projector = Summary.of(written.stream()
                .mapToDouble(c -> c.viewWrittenMs() - c.at()[Point.CASE_PLANNED.ordinal()]).toArray());
        Summary read = Summary.of(written.stream()
                .mapToDouble(c -> c.at()[Point.VIEW_PLANNED.ordinal()] - c.viewWrittenMs()).toArray());
        List<CaseTimes> got = complete.stream().filter(c -> !Double.isNaN(c.lastGetMs())).toList();
        Summary confirmWait = Summary.of(got.stream().mapToDouble(c -> c.lastGetMs() - c.at()[Point.CONSUMED.ordinal()]).toArray());
        Summary get = Summary.of(got.stream().mapToDouble(c -> c.at()[Point.VIEW_PLANNED.ordinal()] - c.lastGetMs()).toArray());
        Summary late = Summary.of(got.stream().filter(c -> !Double.isNaN(c.viewWrittenMs()))
                .mapToDouble(c -> c.lastGetMs() - Math.max(c.at()[Point.CONSUMED.ordinal()], c.viewWrittenMs())).toArray());
        // The tail's shape: in each case at or above the p99 of the whole latency, which hop was the longest.
        Map<String, Integer> largest = new LinkedHashMap<>();
        HOPS.forEach(h -> largest.put(h, 0));
        int tail = 0;
        if (!complete.isEmpty()) {
            double p99 = cumulative.get(Point.VIEW_PLANNED.label).p99();
            for (CaseTimes c : complete) {
                if (c.total() >= p99) {
                    tail++;
                    int longest = 0;
                    for (int i = 1; i < points; i++) {
                        if (c.hop(i) > c.hop(longest)) {
                            longest = i;
                        }
                    }
                    largest.merge(HOPS.get(longest), 1, Integer::sum);
                }
            }
        }
        return new HopBreakdown(all.size(), all.size() - complete.size(), hops, cumulative, answer, projector, read, confirmWait, get, late, tail,
                largest);
    }

    /** Planned cases the breakdown was asked about. */
    public int cases() {
        return cases;
    }

    /** Of those, cases missing a point (a record not seen, e.g. the consumer started late): not in the figures. */
    public int incomplete() {
        return incomplete;
    }

    /** Per hop (from the previous point), in chain order. */
    public Map<String, Summary> hops() {
        return hops;
    }

    /** From the intended send to each point. */
    public Map<String, Summary> cumulative() {
        return cumulative;
    }

    /** case-events record -> the POST's 202. */
    public Summary answer() {
        return answer;
    }

    /** case-planned record -> the view's updatedAt (the projector's write). */
    public Summary projector() {
        return projector;
    }

    /** The view's updatedAt -> the GET that read it planned. */
    public Summary read() {
        return read;
    }

    /** The benchmark's consumer receiving case-planned -> the send of the GET that read it planned. */
    public Summary confirmWait() {
        return confirmWait;
    }

    /** The later of the record's receipt and the view's write -> the send of the GET that read it planned. */
    public Summary late() {
        return late;
    }

    /** The GET that read the view planned, send to answer. */
    public Summary get() {
        return get;
    }

    /** Per {@link #BUCKET_SECONDS} of intended send times; empty unless made by {@link #of(List, double[])}. */
    public List<HopBreakdown> buckets() {
        return buckets;
    }

    /** p50 of each hop per 10 s of sends (max of the whole in the last column): how a cold stack warms, hop by hop. */
    public String bucketTable() {
        StringBuilder t = new StringBuilder();
        t.append(String.format(java.util.Locale.ROOT, "  p50 per hop (ms) by %d s of intended sends:%n  %-8s %6s", BUCKET_SECONDS, "sends", "cases"));
        String[] shortNames = { "gen", "intake", "symptom", "exclus.", "treatm.", "consumer", "view", "202", "project.", "GETwait", "GET",
                "total", "tot.p99" };
        for (String n : shortNames) {
            t.append(String.format(java.util.Locale.ROOT, " %8s", n));
        }
        t.append('\n');
        for (int b = 0; b < buckets.size(); b++) {
            HopBreakdown h = buckets.get(b);
            t.append(String.format(java.util.Locale.ROOT, "  %3d-%-3ds %6d", b * BUCKET_SECONDS, (b + 1) * BUCKET_SECONDS, h.cases()));
            for (Summary s : h.hops().values()) {
                t.append(String.format(java.util.Locale.ROOT, " %8.1f", s.p50()));
            }
            for (Summary s : List.of(h.answer(), h.projector(), h.confirmWait(), h.get())) {
                t.append(String.format(java.util.Locale.ROOT, " %8.1f", s.p50()));
            }
            Summary total = h.cumulative().get(Point.VIEW_PLANNED.label);
            t.append(String.format(java.util.Locale.ROOT, " %8.1f %8.1f%n", total.p50(), total.p99()));
        }
        return t.toString();
    }

    /** Cases at or above the p99 of intended send -> view planned. */
    public int tailCases() {
        return tailCases;
    }

    /** For the tail cases: how many had each hop as their longest. */
    public Map<String, Integer> tailLargestHop() {
        return tailLargestHop;
    }

    /** The table printed after the pipeline table, one step. */
    public String table(String title) {
        StringBuilder t = new StringBuilder();
        t.append(String.format(java.util.Locale.ROOT, "%nPer hop, %s (%d planned cases, %d without every point; ms; Kafka points are"
                + " record CreateTimes, +-1 ms per hop):%n", title, cases, incomplete));
        t.append(String.format(java.util.Locale.ROOT, "  %-42s %8s %8s %8s %8s   %-16s %8s %8s %8s %8s  %s%n", "hop", "p50", "p90", "p99",
                "max", "from send to", "p50", "p90", "p99", "max", "longest in tail"));
        List<String> names = new ArrayList<>(cumulative.keySet());
        int i = 0;
        for (Map.Entry<String, Summary> hop : hops.entrySet()) {
            Summary h = hop.getValue();
            Summary c = cumulative.get(names.get(i++));
            t.append(String.format(java.util.Locale.ROOT, "  %-42s %8.1f %8.1f %8.1f %8.1f   %-16s %8.1f %8.1f %8.1f %8.1f  %d%n", hop.getKey(),
                    h.p50(), h.p90(), h.p99(), h.max(), names.get(i - 1), c.p50(), c.p90(), c.p99(), c.max(),
                    tailLargestHop.getOrDefault(hop.getKey(), 0)));
        }
        t.append("  side branches:\n");
        Map<String, Summary> sides = new LinkedHashMap<>();
        sides.put(ANSWER_HOP, answer);
        sides.put(PROJECTOR_HOP, projector);
        sides.put(READ_HOP, read);
        sides.put(CONFIRM_WAIT_HOP, confirmWait);
        sides.put(LATE_HOP, late);
        sides.put(GET_HOP, get);
        for (Map.Entry<String, Summary> side : sides.entrySet()) {
            Summary s = side.getValue();
            t.append(String.format(java.util.Locale.ROOT, "  %-42s %8.1f %8.1f %8.1f %8.1f%n", side.getKey(), s.p50(), s.p90(), s.p99(), s.max()));
        }
        t.append(String.format(java.util.Locale.ROOT, "  (longest in tail: of the %d cases at or above the p99 of send -> view planned,"
                + " how many had that hop as their longest)%n", tailCases));
        return t.toString();
    }
}
