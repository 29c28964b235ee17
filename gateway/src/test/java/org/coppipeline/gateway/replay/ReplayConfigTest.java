package org.coppipeline.gateway.replay;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ReplayConfigTest {

    static ReplayConfig config(Map<String, Object> overrides) {
        Map<String, Object> dispatch = new HashMap<>(Map.of("rate", 20, "maxInFlight", 4, "liveYield", Duration.ofSeconds(1),
                "idlePoll", Duration.ofSeconds(1), "claim", 8, "publishTimeout", Duration.ofSeconds(10)));
        Map<String, Object> values = new HashMap<>(Map.of("knowledgeVersions", List.of("cop-knowledge-v1", "cop-knowledge-v2"),
                "maxRunningPerHospital", 4, "retryAfterSeconds", 30, "impactMaxCases", 5000,
                "resultTimeout", Duration.ofMinutes(2), "queueTimeout", Duration.ofMinutes(30), "retention", Duration.ofDays(7),
                "sweepInterval", Duration.ofSeconds(5)));
        overrides.forEach((key, value) -> {
            if (key.startsWith("dispatch.")) {
                dispatch.put(key.substring(9), value);
            } else {
                values.put(key, value);
            }
        });
        values.put("dispatch", proxy(ReplayConfig.Dispatch.class, dispatch));
        return proxy(ReplayConfig.class, values);
    }

    @SuppressWarnings("unchecked")
    static <T> T proxy(Class<T> type, Map<String, Object> values) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (self, method, args) -> {
            if (values.containsKey(method.getName())) {
                return values.get(method.getName());
            }
            throw new UnsupportedOperationException(method.getName());
        });
    }

    @Test
    void defaultsAreConsistent() {
        assertThatCode(() -> ReplayConfig.check(config(Map.of()))).doesNotThrowAnyException();
    }

    @Test
    void nonPositiveTimesStopTheStart() {
        assertThatThrownBy(() -> ReplayConfig.check(config(Map.of("resultTimeout", Duration.ZERO))))
                .hasMessageContaining("gateway.replay.result-timeout");
        assertThatThrownBy(() -> ReplayConfig.check(config(Map.of("dispatch.idlePoll", Duration.ofSeconds(-1)))))
                .hasMessageContaining("gateway.replay.dispatch.idle-poll");
        assertThatThrownBy(() -> ReplayConfig.check(config(Map.of("dispatch.liveYield", Duration.ofSeconds(-1)))))
                .hasMessageContaining("gateway.replay.dispatch.live-yield");
    }

    @Test
    void retentionMustOutliveTheTimeouts() {
        assertThatThrownBy(() -> ReplayConfig.check(config(Map.of("retention", Duration.ofMinutes(10)))))
                .hasMessageContaining("gateway.replay.retention");
    }

    @Test
    void noKnowledgeVersionStopsTheStart() {
        assertThatThrownBy(() -> ReplayConfig.check(config(Map.of("knowledgeVersions", List.of()))))
                .hasMessageContaining("gateway.replay.knowledge-versions");
    }
}
