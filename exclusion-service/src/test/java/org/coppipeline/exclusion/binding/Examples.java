package org.coppipeline.exclusion.binding;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The contract's worked examples, copied to src/test/resources/contract/examples. */
public final class Examples {

    public static final ObjectMapper JSON = new ObjectMapper();

    private Examples() {
    }

    public static List<Path> files() {
        try {
            Path dir = Path.of(Examples.class.getClassLoader().getResource("contract/examples").toURI());
            try (Stream<Path> files = Files.list(dir)) {
                return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ObjectNode read(Path file) {
        try {
            return (ObjectNode) JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The record as the symptom stage hands it on: the event plus symptomAssessment.suspicion. */
    public static ObjectNode scoredRecord(ObjectNode example) {
        ObjectNode record = ((ObjectNode) example.get("event")).deepCopy();
        record.putObject("symptomAssessment").put("suspicion", example.path("expected").path("suspicion").asText());
        return record;
    }
}
