package org.coppipeline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The footprint options the launcher gives each service JVM (deploy/bench README, "Footprint"), checked by what this
 * JDK makes of them: -XX:+IgnoreUnrecognizedVMOptions would hide a misspelt or missing flag, so each one is read
 * back from -XX:+PrintFlagsFinal of a JVM started with exactly the launcher's options.
 */
class ServiceJvmOptionsTest {

    private static final long MB = 1024 * 1024;

    @Test
    void theGatewayGetsItsHeapAndTheSharedFootprintFlags() throws Exception {
        Map<String, String> flags = finalFlags(Service.GATEWAY);
        assertEquals(160 * MB, Long.parseLong(flags.get("MaxHeapSize")));
        assertEquals(112 * MB, Long.parseLong(flags.get("MetaspaceSize")));
        // C2 kept: C1 alone cost the warm gateway 57 % more CPU per case (deploy/bench README, JIT).
        assertEquals("4", flags.get("TieredStopAtLevel"));
        assertSharedFootprint(flags);
    }

    @Test
    void eachStageGetsTheStageHeapAndTheSharedFootprintFlags() throws Exception {
        for (Service stage : Service.STAGES) {
            Map<String, String> flags = finalFlags(stage);
            assertEquals(64 * MB, Long.parseLong(flags.get("MaxHeapSize")), stage.module());
            assertEquals(72 * MB, Long.parseLong(flags.get("MetaspaceSize")), stage.module());
            // C1 only: each stage under 200 MB RSS (deploy/bench README, JIT).
            assertEquals("1", flags.get("TieredStopAtLevel"), stage.module());
            assertSharedFootprint(flags);
        }
    }

    @Test
    void theGlibcArenasAreBoundedUnlessTheCallerChoseOtherwise() {
        Map<String, String> env = new HashMap<>();
        ServiceProcess.footprintEnvironment(env);
        assertEquals("2", env.get("MALLOC_ARENA_MAX"));

        Map<String, String> chosen = new HashMap<>(Map.of("MALLOC_ARENA_MAX", "4"));
        ServiceProcess.footprintEnvironment(chosen);
        assertEquals("4", chosen.get("MALLOC_ARENA_MAX"));
    }

    private static void assertSharedFootprint(Map<String, String> flags) {
        assertEquals("true", flags.get("UseSerialGC"));
        // The JVM's own 40 / 70 % free after a collection: kept at 10 / 30 % the heaps were smaller but a backlog
        // doubled the full collections (deploy/bench README, Footprint).
        assertEquals("40", flags.get("MinHeapFreeRatio"));
        assertEquals("70", flags.get("MaxHeapFreeRatio"));
        assertEquals(128 * MB, Long.parseLong(flags.get("MaxMetaspaceSize")));
        assertEquals(64 * MB, Long.parseLong(flags.get("ReservedCodeCacheSize")));
        assertEquals("512", flags.get("ThreadStackSize"));
        // Present in 17.0.9 and later: on this JDK it must be on, not ignored.
        assertEquals("5000", flags.get("TrimNativeHeapInterval"));
    }

    /** -XX:+PrintFlagsFinal of `java <the launcher's options for service> -version`, name -> value. */
    private static Map<String, String> finalFlags(Service service) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Processes.javaExecutable().toString());
        command.addAll(ServiceProcess.jvmOptions(service));
        command.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
        Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(java.waitFor(60, TimeUnit.SECONDS), "java -version did not end");
        assertEquals(0, java.exitValue(), out);
        Map<String, String> flags = new HashMap<>();
        Matcher m = Pattern.compile("(?m)^\\s*\\S+\\s+(\\w+)\\s+:?=\\s+(\\S+)").matcher(out);
        while (m.find()) {
            flags.put(m.group(1), m.group(2));
        }
        assertTrue(flags.containsKey("MaxHeapSize"), "no flags printed: " + out);
        return flags;
    }
}
