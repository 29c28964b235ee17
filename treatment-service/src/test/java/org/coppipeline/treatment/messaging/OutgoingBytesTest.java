package org.coppipeline.treatment.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import io.smallrye.reactive.messaging.memory.InMemorySource;

/**
 * Issue 15: the byte path writes, for each contract example, the very bytes the String path (StringDeserializer,
 * readTree(String), writeValueAsString, StringSerializer) wrote. {@code messaging/golden/out} was recorded once with
 * the String path at commit 392e6fe from the inputs in {@code messaging/golden/in}: the contract examples as the
 * previous stage's String path wrote them (its golden outputs). The next stage's inputs are these outputs.
 */
@QuarkusTest
@WithTestResource(InMemoryChannels.class)
class OutgoingBytesTest {

    @Inject
    @Connector(InMemoryConnector.CONNECTOR)
    InMemoryConnector connector;

    @Test
    void eachContractExampleGivesTheBytesTheStringPathGaveInOnePoll() throws Exception {
        Path golden = Paths.get(getClass().getResource("/messaging/golden").toURI());
        List<Path> inputs;
        try (Stream<Path> files = Files.list(golden.resolve("in"))) {
            inputs = files.sorted().toList();
        }
        assertEquals(8, inputs.size(), "one input per contract example");
        InMemorySource<Message<?>> in = connector.source(Topics.IN);
        InMemorySink<byte[]> out = connector.sink(Topics.OUT);
        out.clear();

        Poll poll = new Poll();
        for (Path input : inputs) {
            poll.add(Files.readAllBytes(input), new RecordHeaders());
        }
        in.send(poll.batch());
        await().atMost(Duration.ofSeconds(60)).until(() -> out.received().size() == inputs.size());

        for (int i = 0; i < inputs.size(); i++) {
            byte[] expected = Files.readAllBytes(golden.resolve("out").resolve(inputs.get(i).getFileName()));
            assertArrayEquals(expected, out.received().get(i).getPayload(), inputs.get(i).getFileName().toString());
        }
    }
}
