package org.coppipeline.treatment.messaging;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;

/** Switches this stage's input and output channels from Kafka to the in-memory connector: no broker in these tests. */
public class InMemoryChannels implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        Map<String, String> properties = new HashMap<>();
        properties.putAll(InMemoryConnector.switchIncomingChannelsToInMemory(Topics.IN));
        properties.putAll(InMemoryConnector.switchOutgoingChannelsToInMemory(Topics.OUT));
        return properties;
    }

    @Override
    public void stop() {
        InMemoryConnector.clear();
    }
}
