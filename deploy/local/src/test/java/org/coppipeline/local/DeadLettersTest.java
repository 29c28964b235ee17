package org.coppipeline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DLQ tool's command line, the headers a replay carries and the list line; the broker part is in ObservabilityIT. */
class DeadLettersTest {

    @TempDir
    Path dir;

    @Test
    void replayNeedsTopicPartitionAndOffset() {
        DeadLetters.Command replay = DeadLetters.Command.parse("replay", "--topic", "case-events-dlq", "--partition", "3",
                "--offset", "17", "--bootstrap", "127.0.0.1:19092");
        assertEquals("replay", replay.action());
        assertEquals("case-events-dlq", replay.topic());
        assertEquals(3, replay.partition());
        assertEquals(17L, replay.offset());
        assertNull(replay.to());
        assertEquals("127.0.0.1:19092", replay.bootstrap());

        assertThrows(IllegalArgumentException.class,
                () -> DeadLetters.Command.parse("replay", "--topic", "case-events-dlq", "--offset", "17"));
        assertThrows(IllegalArgumentException.class,
                () -> DeadLetters.Command.parse("replay", "--topic", "case-events-dlq", "--partition", "0", "--offset", "-1"));
        assertThrows(IllegalArgumentException.class, () -> DeadLetters.Command.parse("list"));
        assertThrows(IllegalArgumentException.class, () -> DeadLetters.Command.parse("purge", "--topic", "x"));
        assertThrows(IllegalArgumentException.class, () -> DeadLetters.Command.parse("list", "--topic", "x", "--colour", "red"));
        assertThrows(IllegalArgumentException.class, () -> DeadLetters.Command.parse("list", "--topic"));
    }

    @Test
    void listDefaultsToAHundredRecordsAndTheCommandConfigAddsClientSettings() throws Exception {
        Path config = dir.resolve("client.properties");
        Files.writeString(config, "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\nbootstrap.servers=ignored:1\n");
        DeadLetters.Command list = DeadLetters.Command.parse("list", "--topic", "case-scored-dlq", "--command-config",
                config.toString(), "--bootstrap", "broker:9093");
        assertEquals(100, list.max());
        var properties = list.clientProperties();
        assertEquals("SASL_SSL", properties.getProperty("security.protocol"));
        assertEquals("SCRAM-SHA-512", properties.getProperty("sasl.mechanism"));
        assertEquals("broker:9093", properties.getProperty("bootstrap.servers"), "--bootstrap wins over the file");
    }

    @Test
    void aReplayKeepsTheOriginalHeadersAndOneTraceparentButNoDeadLetterHeader() {
        Headers deadLetter = new RecordHeaders()
                .add("dead-letter-reason", bytes("value is not valid JSON"))
                .add("dead-letter-topic", bytes("case-events"))
                .add("eventId", bytes("e-1"))
                .add("traceparent", bytes("00-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-1111111111111111-01"))
                .add("dead-letter-stage", bytes("symptom-service"))
                .add("traceparent", bytes("00-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-2222222222222222-01"));

        Headers replayed = DeadLetters.replayHeaders(deadLetter);

        List<String> keys = Arrays.stream(replayed.toArray()).map(Header::key).toList();
        assertEquals(List.of("eventId", "traceparent"), keys);
        assertEquals("00-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-1111111111111111-01",
                new String(replayed.lastHeader("traceparent").value(), StandardCharsets.UTF_8), "the original record's");
    }

    @Test
    void aListLineNamesWhereAndWhyButNeverTheValue() {
        Headers headers = new RecordHeaders()
                .add("dead-letter-reason", bytes("cannot bind /patient/ageYears"))
                .add("dead-letter-topic", bytes("case-events"))
                .add("dead-letter-partition", bytes("4"))
                .add("dead-letter-offset", bytes("99"))
                .add("dead-letter-stage", bytes("symptom-service"))
                .add("eventId", bytes("e-2"));
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("case-events-dlq", 2, 7, 1_700_000_000_000L,
                TimestampType.CREATE_TIME, 9, 30, bytes("hosp-a/C-1"), bytes("{\"patient\":{\"ageYears\":\"ZZPHI\"}}"),
                headers, Optional.empty());

        String line = DeadLetters.describe(record);

        assertEquals("partition=2 offset=7 time=2023-11-14T22:13:20Z key=hosp-a/C-1 stage=symptom-service "
                + "from=case-events-4@99 eventId=e-2 reason=cannot bind /patient/ageYears", line);
        assertFalse(line.contains("ZZPHI"));
        assertTrue(line.contains("partition=2 offset=7"), "what replay takes");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
