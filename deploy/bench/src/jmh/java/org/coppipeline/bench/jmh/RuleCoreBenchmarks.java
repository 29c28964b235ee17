package org.coppipeline.bench.jmh;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.coppipeline.exclusion.binding.CauseAssessmentRenderer;
import org.coppipeline.exclusion.binding.CauseInputBinder;
import org.coppipeline.exclusion.domain.CauseExclusion;
import org.coppipeline.exclusion.domain.CauseInput;
import org.coppipeline.exclusion.domain.ExclusionThresholds;
import org.coppipeline.exclusion.domain.OpDrugList;
import org.coppipeline.symptom.binding.SuspicionInputBinder;
import org.coppipeline.symptom.binding.SymptomAssessmentRenderer;
import org.coppipeline.symptom.domain.KnowledgeV2Thresholds;
import org.coppipeline.symptom.domain.ScoringThresholds;
import org.coppipeline.symptom.domain.SuspicionInput;
import org.coppipeline.symptom.domain.SuspicionScorer;
import org.coppipeline.treatment.binding.TreatmentInputBinder;
import org.coppipeline.treatment.binding.TreatmentPlanRenderer;
import org.coppipeline.treatment.domain.TreatmentInput;
import org.coppipeline.treatment.domain.TreatmentPlanner;
import org.coppipeline.treatment.domain.TreatmentThresholds;

/**
 * Throughput of the three rule cores, one thread (so the score is evaluations per second per core), each
 * invocation evaluating the eight contract examples once: the {@code *Core} benchmarks run the framework-free
 * domain function on already bound inputs (the goal: >= 1,000,000 evaluations/s each); the {@code *Stage}
 * benchmarks add what a service does around it per record (bind from the JSON tree, evaluate, render the section).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xmx512m" })
@Threads(1)
public class RuleCoreBenchmarks {

    static final int EXAMPLES = 8;
    private static final List<String> FILES = List.of(
            "amiodarone-secondary-op.json", "antibiotics-worked.json", "classic-cop-moderate.json",
            "infection-pending.json", "mild-improving.json", "post-breast-radiotherapy.json",
            "severe-respiratory-failure.json", "symptoms-only.json");

    private final ObjectMapper mapper = new ObjectMapper();

    /** The knowledge version every stage evaluates (CONTRACT 9): v2 is the default, v1 stays available for replay. */
    @Param({ "cop-knowledge-v2", "cop-knowledge-v1" })
    public String knowledge;

    // Each standalone service has its own KnowledgeVersion type; the same code selects the same version in all three.
    private org.coppipeline.symptom.domain.KnowledgeVersion symptomVersion;
    private org.coppipeline.exclusion.domain.KnowledgeVersion exclusionVersion;
    private org.coppipeline.treatment.domain.KnowledgeVersion treatmentVersion;

    private SuspicionInputBinder symptomBinder;
    private SuspicionScorer scorer;
    private CauseInputBinder causeBinder;
    private CauseExclusion exclusion;
    private ExclusionThresholds exclusionThresholds;
    private TreatmentInputBinder treatmentBinder;
    private TreatmentThresholds treatmentThresholds;

    /** The examples as the stage reads them: the event, plus the sections of the stages before it. */
    private ObjectNode[] symptomRecords;
    private ObjectNode[] causeRecords;
    private ObjectNode[] treatmentRecords;
    private SuspicionInput[] symptomInputs;
    private CauseInput[] causeInputs;
    private TreatmentInput[] treatmentInputs;

    @Setup
    public void setUp() {
        symptomVersion = org.coppipeline.symptom.domain.KnowledgeVersion.fromCode(knowledge);
        exclusionVersion = org.coppipeline.exclusion.domain.KnowledgeVersion.fromCode(knowledge);
        treatmentVersion = org.coppipeline.treatment.domain.KnowledgeVersion.fromCode(knowledge);
        symptomBinder = new SuspicionInputBinder(mapper);
        scorer = new SuspicionScorer(ScoringThresholds.defaults(), KnowledgeV2Thresholds.defaults());
        causeBinder = new CauseInputBinder();
        exclusionThresholds = ExclusionThresholds.defaults(exclusionVersion);
        exclusion = new CauseExclusion(OpDrugList.parse(resource("knowledge/op-inducing-drugs.csv")), exclusionThresholds,
                exclusionVersion);
        treatmentBinder = new TreatmentInputBinder(mapper);
        treatmentThresholds = TreatmentThresholds.defaults();

        symptomRecords = new ObjectNode[EXAMPLES];
        causeRecords = new ObjectNode[EXAMPLES];
        treatmentRecords = new ObjectNode[EXAMPLES];
        symptomInputs = new SuspicionInput[EXAMPLES];
        causeInputs = new CauseInput[EXAMPLES];
        treatmentInputs = new TreatmentInput[EXAMPLES];
        for (int i = 0; i < EXAMPLES; i++) {
            ObjectNode record = event(FILES.get(i));
            symptomRecords[i] = record.deepCopy();
            symptomInputs[i] = symptomBinder.bind(record);
            record.set("symptomAssessment", SymptomAssessmentRenderer.render(scorer.assess(symptomInputs[i], symptomVersion), knowledge));
            causeRecords[i] = record.deepCopy();
            causeInputs[i] = causeBinder.bind(record);
            record.set("causeAssessment", CauseAssessmentRenderer.render(exclusion.assess(causeInputs[i]), exclusionThresholds));
            treatmentRecords[i] = record.deepCopy();
            treatmentInputs[i] = treatmentBinder.bind(record, treatmentVersion);
        }
    }

    @Benchmark
    @OperationsPerInvocation(EXAMPLES)
    public void symptomCore(Blackhole bh) {
        for (SuspicionInput input : symptomInputs) {
            bh.consume(scorer.assess(input, symptomVersion));
        }
    }

    @Benchmark
    @OperationsPerInvocation(EXAMPLES)
    public void exclusionCore(Blackhole bh) {
        for (CauseInput input : causeInputs) {
            bh.consume(exclusion.assess(input));
        }
    }

    @Benchmark
    @OperationsPerInvocation(EXAMPLES)
    public void treatmentCore(Blackhole bh) {
        for (TreatmentInput input : treatmentInputs) {
            bh.consume(TreatmentPlanner.plan(input, treatmentThresholds, treatmentVersion));
        }
    }

    @Benchmark
    @OperationsPerInvocation(EXAMPLES)
    public void symptomStage(Blackhole bh) {
        for (ObjectNode record : symptomRecords) {
            bh.consume(SymptomAssessmentRenderer.render(scorer.assess(symptomBinder.bind(record), symptomVersion), knowledge));
        }
    }

    @Benchmark
    @OperationsPerInvocation(EXAMPLES)
    public void exclusionStage(Blackhole bh) {
        for (ObjectNode record : causeRecords) {
            bh.consume(CauseAssessmentRenderer.render(exclusion.assess(causeBinder.bind(record)), exclusionThresholds));
        }
    }

    @Benchmark
    @OperationsPerInvocation(EXAMPLES)
    public void treatmentStage(Blackhole bh) {
        for (ObjectNode record : treatmentRecords) {
            bh.consume(TreatmentPlanRenderer.render(TreatmentPlanner.plan(treatmentBinder.bind(record, treatmentVersion), treatmentThresholds, treatmentVersion)));
        }
    }

    private ObjectNode event(String file) {
        try {
            JsonNode example = mapper.readTree(resource("contract/examples/" + file));
            return (ObjectNode) example.get("event");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = RuleCoreBenchmarks.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("classpath resource " + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
