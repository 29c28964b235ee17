package org.coppipeline.gateway.replay;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

import org.coppipeline.gateway.messaging.LivePublishes;
import org.coppipeline.gateway.messaging.Topics;
import org.coppipeline.gateway.replay.ReplayRecords.Claimed;
import org.coppipeline.gateway.store.StoreUnavailableException;

/**
 * Feeds queued replays to the stages, on one worker thread of its own: it takes a few queued runs at a time from the
 * database (in turns across hospitals), and sends each stored event body to case-events through the replay channel's
 * own producer, paced (rate, in flight, live publishes first: {@link Pacer}). So replays use at most one database
 * connection and never the live intake's producer, however many are queued. The same worker marks overdue runs failed
 * and purges old ones. Log lines carry replay ids and counts only.
 */
@ApplicationScoped
public class ReplayDispatcher {

    private static final Logger LOG = Logger.getLogger(ReplayDispatcher.class);
    /** Headers of a replay record (common brief, knowledge v2): the stages evaluate it under this version. */
    public static final String REPLAY_ID = "replayId";
    public static final String REPLAY_KNOWLEDGE_VERSION = "replayKnowledgeVersion";

    private final ReplayStore store;
    private final MutinyEmitter<String> emitter;
    private final ReplayConfig config;
    private final ObjectMapper mapper;
    private final Pacer pacer;
    private final Counter sent;
    private final Counter refused;
    private final Counter timedOut;
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    /** Set when Kafka refused a record: the current round stops, the next look is after idle-poll. */
    private final AtomicBoolean kafkaTrouble = new AtomicBoolean();
    private ScheduledExecutorService worker;

    public ReplayDispatcher(ReplayStore store, @Channel(Topics.CASE_EVENTS_REPLAY) MutinyEmitter<String> emitter,
            LivePublishes live, ReplayConfig config, ObjectMapper mapper, MeterRegistry meters) {
        this.store = store;
        this.emitter = emitter;
        this.config = config;
        this.mapper = mapper;
        this.pacer = new Pacer(config.dispatch().rate(), config.dispatch().maxInFlight(), config.dispatch().liveYield(),
                live::awaitIdle, System::nanoTime, nanos -> TimeUnit.NANOSECONDS.sleep(nanos));
        this.sent = Counter.builder("gateway.replay.records").tag("outcome", "sent")
                .description("Replay records sent to case-events (acknowledged by Kafka)").register(meters);
        this.refused = Counter.builder("gateway.replay.records").tag("outcome", "refused")
                .description("Replay records Kafka did not take (queued again)").register(meters);
        this.timedOut = Counter.builder("gateway.replay.failed")
                .description("Replays reported failed: no result in time, or never dispatched").register(meters);
    }

    void start(@Observes StartupEvent event) {
        ReplayConfig.check(config);
        worker = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "replay-dispatcher");
            thread.setDaemon(true);
            // Background work: the live intake and the projector come first.
            thread.setPriority(Thread.MIN_PRIORITY);
            return thread;
        });
        long idle = config.dispatch().idlePoll().toMillis();
        worker.scheduleWithFixedDelay(this::dispatchQueued, idle, Math.max(1, idle), TimeUnit.MILLISECONDS);
        long sweep = config.sweepInterval().toMillis();
        worker.scheduleWithFixedDelay(this::sweep, sweep, Math.max(1, sweep), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (worker != null) {
            worker.shutdownNow();
        }
    }

    /** A replay was queued: look at the queue now rather than at the next idle poll. */
    public void wake() {
        if (worker != null && wakeQueued.compareAndSet(false, true)) {
            try {
                worker.execute(() -> {
                    wakeQueued.set(false);
                    dispatchQueued();
                });
            } catch (RejectedExecutionException e) {
                // Shutting down: the queue is kept in the database.
                wakeQueued.set(false);
            }
        }
    }

    /** Sends queued replays until the queue is empty, Kafka refuses, or the worker is stopped. */
    void dispatchQueued() {
        kafkaTrouble.set(false);
        try {
            while (!kafkaTrouble.get()) {
                List<Claimed> claimed = store.claim(config.dispatch().claim());
                if (claimed.isEmpty()) {
                    return;
                }
                for (int i = 0; i < claimed.size(); i++) {
                    if (kafkaTrouble.get() || Thread.currentThread().isInterrupted()) {
                        requeue(claimed.subList(i, claimed.size()));
                        return;
                    }
                    try {
                        pacer.acquire();
                    } catch (InterruptedException e) {
                        requeue(claimed.subList(i, claimed.size()));
                        Thread.currentThread().interrupt();
                        return;
                    }
                    if (!send(claimed.get(i))) {
                        requeue(claimed.subList(i, claimed.size()));
                        return;
                    }
                }
            }
        } catch (StoreUnavailableException e) {
            LOG.warnf("replay queue not read: %s", e.getMessage());
        } catch (RuntimeException e) {
            // The worker must survive anything: a scheduled task that throws is never run again.
            LOG.errorf("replay dispatch failed: %s", e.getClass().getName());
        }
    }

    /** Hands one record to the producer; false when the channel refused it outright (the run is not sent). */
    private boolean send(Claimed run) {
        Message<String> record;
        try {
            record = Message.of(mapper.writeValueAsString(mapper.readTree(run.body())))
                    .addMetadata(OutgoingKafkaRecordMetadata.<String> builder()
                            .withKey(run.key())
                            .withHeaders(headers(run))
                            .build());
        } catch (JsonProcessingException e) {
            pacer.release();
            LOG.errorf("replay %s: stored event body unreadable", run.replayId());
            return true;
        }
        try {
            subscribe(run, record);
            return true;
        } catch (RuntimeException e) {
            // The channel is not ready or its buffer is full: this round ends, the run waits for the next.
            pacer.release();
            refused.increment();
            LOG.warnf("replay %s not handed to Kafka (%s); queued again", run.replayId(), e.getClass().getSimpleName());
            return false;
        }
    }

    private void subscribe(Claimed run, Message<String> record) {
        emitter.sendMessage(record)
                .ifNoItem().after(config.dispatch().publishTimeout()).fail()
                .subscribe().with(
                        done -> {
                            pacer.release();
                            sent.increment();
                            LOG.debugf("replay %s sent", run.replayId());
                        },
                        failure -> {
                            pacer.release();
                            refused.increment();
                            kafkaTrouble.set(true);
                            LOG.warnf("replay %s not taken by Kafka (%s); queued again", run.replayId(),
                                    failure.getClass().getSimpleName());
                            try {
                                worker.execute(() -> requeue(List.of(run)));
                            } catch (RejectedExecutionException e) {
                                // Shutting down: the run times out and is reported failed.
                            }
                        });
    }

    private static Headers headers(Claimed run) {
        Headers headers = new RecordHeaders();
        header(headers, "eventId", run.eventId().toString());
        header(headers, "hospitalId", run.hospitalId());
        header(headers, "schemaVersion", "1");
        header(headers, REPLAY_ID, run.replayId().toString());
        header(headers, REPLAY_KNOWLEDGE_VERSION, run.knowledgeVersion());
        return headers;
    }

    private static void header(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private void requeue(List<Claimed> runs) {
        for (Claimed run : runs) {
            try {
                store.requeue(run.replayId());
            } catch (StoreUnavailableException e) {
                // Left dispatched: it times out and is reported failed rather than lost silently.
                LOG.warnf("replay %s not queued again: %s", run.replayId(), e.getMessage());
            }
        }
    }

    /** Marks overdue replays failed and purges old ones. */
    void sweep() {
        try {
            int failed = store.failOverdue(config.resultTimeout(), config.queueTimeout());
            if (failed > 0) {
                timedOut.increment(failed);
                LOG.warnf("%d replay(s) reported failed: no result in time", failed);
            }
            int purged = store.purge(config.retention());
            if (purged > 0) {
                LOG.infof("%d old replay row(s) purged", purged);
            }
        } catch (StoreUnavailableException e) {
            LOG.warnf("replay sweep skipped: %s", e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf("replay sweep failed: %s", e.getClass().getName());
        }
    }
}
