package org.coppipeline.exclusion.domain;

import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;

import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

import org.coppipeline.exclusion.domain.CauseInput.Medication;
import org.coppipeline.exclusion.domain.CauseInput.MicrobiologyResult;
import org.coppipeline.exclusion.domain.CauseInput.Radiotherapy;

/**
 * Schema-valid inputs (v1.2: the v2 additions included), biased towards the thresholds and the drug list so that
 * every rule line of both versions is hit often: windows near 90, 180 and 365 days, BAL eosinophils near 25 %,
 * prednisone near 20 mg/day, names and ATC codes from the list in odd case and whitespace, absent fields (unknown)
 * mixed in everywhere.
 */
final class Generators {

    private Generators() {
    }

    static <T> Gen<T> orNull(Gen<T> gen) {
        return gen.toOptionals(25).map(o -> o.orElse(null));
    }

    static <E extends Enum<E>> Gen<List<E>> distinctSubset(Class<E> type, int max) {
        return lists().of(Generate.enumValues(type)).ofSizeBetween(0, max).map(l -> l.stream().distinct().toList());
    }

    static Gen<MicrobiologyResult> microbiologyResult() {
        Gen<MicrobiologyTest> test = Generate.pick(List.of(MicrobiologyTest.BLOOD_CULTURE, MicrobiologyTest.SPUTUM_CULTURE,
                MicrobiologyTest.BAL_CULTURE, MicrobiologyTest.RESPIRATORY_PCR_PANEL, MicrobiologyTest.SARS_COV_2_PCR,
                MicrobiologyTest.FUNGAL_MARKERS, MicrobiologyTest.BAL_PNEUMOCYSTIS, MicrobiologyTest.ATYPICAL_SEROLOGY,
                MicrobiologyTest.BAL_STAINS, MicrobiologyTest.URINARY_ANTIGENS));
        // negative twice as likely, so the full negative set (excluded) is reached often
        Gen<TestResult> result = Generate.pick(List.of(TestResult.NEGATIVE, TestResult.NEGATIVE, TestResult.NEGATIVE,
                TestResult.POSITIVE, TestResult.PENDING));
        Gen<String> organism = orNull(Generate.pick(List.of("Streptococcus pneumoniae", " ")));
        return in -> new MicrobiologyResult(test.generate(in), result.generate(in), organism.generate(in));
    }

    static Gen<Medication> medication() {
        Gen<String> name = Generate.pick(List.of("amiodarone", " AMIODARONE ", "Nitrofurantoin", "lisinopril", "Cordarone",
                "metformin", "cocaine", "interferon beta", " ", "Azacitidine"));
        Gen<String> atc = orNull(Generate.pick(List.of("C01BD01", "C09AA05", "L03AB11", "J01XE01", "A10BA02", "L01BC07")));
        Gen<Integer> days = orNull(integers().between(0, 200).mix(Generate.pick(List.of(179, 180, 181, 364, 365, 366)), 30));
        Gen<Boolean> current = booleans().all();
        return in -> new Medication(name.generate(in), atc.generate(in), current.generate(in), days.generate(in),
                days.generate(in));
    }

    static Gen<Radiotherapy> radiotherapy() {
        Gen<RadiotherapySite> site = Generate.enumValues(RadiotherapySite.class);
        Gen<Integer> ended = integers().between(300, 430);
        return in -> new Radiotherapy(site.generate(in), ended.generate(in));
    }

    /** Half free-form inputs, half worked-up cases where each part is clean (excluding its cause) 80 % of the time. */
    static Gen<CauseInput> inputs() {
        return anyInput().mix(nearlyWorkedUp(), 50);
    }

    /** The v1.2 additions: biopsy method and host (reported flag, prednisone dose near the 20 mg/day threshold). */
    static Gen<CauseInput> withAdditions(Gen<CauseInput> inputs) {
        Gen<BiopsyMethod> method = orNull(Generate.enumValues(BiopsyMethod.class));
        Gen<Boolean> reported = orNull(Generate.pick(List.of(false, false, false, true)));
        Gen<Double> prednisone = orNull(Generate.pick(List.of(0.0, 10.0, 19.9, 20.0, 40.0)));
        return in -> {
            CauseInput base = inputs.generate(in);
            return new CauseInput(base.tests(), base.history(), base.ct(), base.bal(), base.histology(),
                    base.antibioticResponse(), base.suspicion(), method.generate(in),
                    new CauseInput.Host(reported.generate(in), prednisone.generate(in)));
        };
    }

    /** {@link #inputs()} with the v1.2 additions. */
    static Gen<CauseInput> v12Inputs() {
        return withAdditions(inputs());
    }

    static <T> Gen<T> usually(T clean, Gen<T> other) {
        return Generate.constant(clean).mix(other, 20);
    }

    static Gen<CauseInput> nearlyWorkedUp() {
        List<MicrobiologyResult> negativeSet = List.of(
                new MicrobiologyResult(MicrobiologyTest.BLOOD_CULTURE, TestResult.NEGATIVE, null),
                new MicrobiologyResult(MicrobiologyTest.BAL_CULTURE, TestResult.NEGATIVE, null),
                new MicrobiologyResult(MicrobiologyTest.RESPIRATORY_PCR_PANEL, TestResult.NEGATIVE, null));
        // v2's set for an immunocompromised patient, and its smallest set (a BAL culture and BAL stains)
        List<MicrobiologyResult> immunocompromisedSet = List.of(
                new MicrobiologyResult(MicrobiologyTest.SPUTUM_CULTURE, TestResult.NEGATIVE, null),
                new MicrobiologyResult(MicrobiologyTest.URINARY_ANTIGENS, TestResult.NEGATIVE, null),
                new MicrobiologyResult(MicrobiologyTest.BAL_PNEUMOCYSTIS, TestResult.NEGATIVE, null),
                new MicrobiologyResult(MicrobiologyTest.FUNGAL_MARKERS, TestResult.NEGATIVE, null));
        List<MicrobiologyResult> lavageSet = List.of(
                new MicrobiologyResult(MicrobiologyTest.BAL_CULTURE, TestResult.NEGATIVE, null),
                new MicrobiologyResult(MicrobiologyTest.BAL_STAINS, TestResult.NEGATIVE, null));
        Gen<List<MicrobiologyResult>> microbiology = usually(negativeSet, Generate.pick(List.of(immunocompromisedSet, lavageSet))
                .mix(lists().of(microbiologyResult()).ofSizeBetween(0, 5), 70));
        Gen<TestResult> panel = usually(TestResult.NEGATIVE, orNull(Generate.enumValues(TestResult.class)));
        Gen<BloodCount> bloodCount = usually(BloodCount.NORMAL, orNull(Generate.enumValues(BloodCount.class)));
        Gen<Boolean> reviewed = usually(true, booleans().all());
        Gen<List<Medication>> medications = usually(List.of(new Medication("lisinopril", "C09AA03", true, 400, null)),
                lists().of(medication()).ofSizeBetween(0, 3));
        Gen<List<Radiotherapy>> courses = usually(List.of(), lists().of(radiotherapy()).ofSizeBetween(0, 2));
        Gen<List<Condition>> conditions = usually(List.of(Condition.DIABETES), distinctSubset(Condition.class, 2));
        Gen<CauseInput.ChestCt> ct = orNull(in -> new CauseInput.ChestCt(reviewed.generate(in),
                distinctSubset(CtFinding.class, 5).generate(in)));
        Gen<Double> eosinophils = orNull(Generate.pick(List.of(0.0, 3.0, 24.9, 25.0, 25.1, 26.0)));
        Gen<HistologyPattern> histology = orNull(Generate.enumValues(HistologyPattern.class));
        Gen<AntibioticResponse> antibiotics = usually(AntibioticResponse.NONE, orNull(Generate.enumValues(AntibioticResponse.class)));
        Gen<Suspicion> suspicion = orNull(Generate.enumValues(Suspicion.class));
        Gen<Boolean> malignantCells = usually(false, booleans().all());
        return in -> new CauseInput(
                new CauseInput.Tests(microbiology.generate(in), panel.generate(in), bloodCount.generate(in)),
                new CauseInput.History(reviewed.generate(in), medications.generate(in), reviewed.generate(in),
                        courses.generate(in), reviewed.generate(in), reviewed.generate(in), conditions.generate(in)),
                ct.generate(in),
                new CauseInput.Bal(eosinophils.generate(in), malignantCells.generate(in)),
                histology.generate(in),
                antibiotics.generate(in),
                suspicion.generate(in));
    }

    static Gen<CauseInput> anyInput() {
        Gen<List<MicrobiologyResult>> microbiology = lists().of(microbiologyResult()).ofSizeBetween(0, 5);
        Gen<TestResult> panel = orNull(Generate.enumValues(TestResult.class));
        Gen<BloodCount> bloodCount = orNull(Generate.enumValues(BloodCount.class));
        Gen<Boolean> flag = booleans().all();
        Gen<Boolean> mostlyTrue = Generate.pick(List.of(true, true, true, false));
        Gen<List<Medication>> medications = lists().of(medication()).ofSizeBetween(0, 3);
        Gen<List<Radiotherapy>> courses = lists().of(radiotherapy()).ofSizeBetween(0, 2);
        Gen<List<Condition>> conditions = distinctSubset(Condition.class, 2).toOptionals(60).map(o -> o.orElse(List.of()));
        Gen<CauseInput.ChestCt> ct = orNull(in -> new CauseInput.ChestCt(mostlyTrue.generate(in),
                distinctSubset(CtFinding.class, 5).generate(in)));
        Gen<Double> eosinophils = orNull(Generate.pick(List.of(0.0, 3.0, 24.9, 25.0, 25.1, 26.0, 80.0)).mix(doubles().between(0, 100)));
        Gen<HistologyPattern> histology = orNull(Generate.enumValues(HistologyPattern.class));
        Gen<AntibioticResponse> antibiotics = orNull(Generate.enumValues(AntibioticResponse.class));
        Gen<Suspicion> suspicion = orNull(Generate.enumValues(Suspicion.class));
        return in -> new CauseInput(
                new CauseInput.Tests(microbiology.generate(in), panel.generate(in), bloodCount.generate(in)),
                new CauseInput.History(mostlyTrue.generate(in), medications.generate(in), mostlyTrue.generate(in),
                        courses.generate(in), mostlyTrue.generate(in), mostlyTrue.generate(in), conditions.generate(in)),
                ct.generate(in),
                new CauseInput.Bal(eosinophils.generate(in), flag.generate(in) && flag.generate(in)),
                histology.generate(in),
                antibiotics.generate(in),
                suspicion.generate(in));
    }
}
