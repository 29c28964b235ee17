package org.coppipeline.exclusion;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.runtime.Startup;

import org.coppipeline.exclusion.binding.CauseAssessmentRenderer;
import org.coppipeline.exclusion.binding.CauseInputBinder;
import org.coppipeline.exclusion.config.ExclusionConfig;
import org.coppipeline.exclusion.domain.CauseExclusion;
import org.coppipeline.exclusion.domain.ExclusionThresholds;
import org.coppipeline.exclusion.domain.OpDrugList;

/**
 * Binds what the exclusion rules read from the record and renders the causeAssessment section.
 * Created at start ({@link Startup}), so a missing or malformed drug list or an invalid threshold
 * fails the start instead of the first record.
 */
@Startup
@ApplicationScoped
public class CauseStage {
    public static final String SECTION = "causeAssessment";
    static final String DRUG_LIST_RESOURCE = "knowledge/op-inducing-drugs.csv";

    private final CauseInputBinder binder = new CauseInputBinder();
    private final ExclusionThresholds thresholds;
    private final CauseExclusion exclusion;

    @Inject
    public CauseStage(ExclusionConfig config) {
        this(config.thresholds());
    }

    CauseStage(ExclusionThresholds thresholds) {
        this.thresholds = thresholds;
        this.exclusion = new CauseExclusion(OpDrugList.parse(readResource(DRUG_LIST_RESOURCE)), thresholds);
    }

    public JsonNode assess(ObjectNode record) {
        return CauseAssessmentRenderer.render(exclusion.assess(binder.bind(record)), thresholds);
    }

    public String knowledgeVersion() {
        return CauseExclusion.KNOWLEDGE_VERSION;
    }

    static String readResource(String name) {
        try (InputStream in = CauseStage.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("classpath resource " + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classpath resource " + name, e);
        }
    }
}
