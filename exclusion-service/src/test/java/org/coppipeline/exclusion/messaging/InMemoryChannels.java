package org.coppipeline.exclusion.messaging;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;

/** Replaces the Kafka connector of this stage's three channels with the in-memory one for @QuarkusTest. */
public class InMemoryChannels implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        Map<String, String> properties = new HashMap<>();
        properties.putAll(InMemoryConnector.switchIncomingChannelsToInMemory(Topics.IN));
        properties.putAll(InMemoryConnector.switchOutgoingChannelsToInMemory(Topics.OUT, Topics.DLQ));
        return properties;
    }

    @Override
    public void stop() {
        InMemoryConnector.clear();
    }
}
