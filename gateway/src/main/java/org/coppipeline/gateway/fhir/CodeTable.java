package org.coppipeline.gateway.fhir;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * CONTRACT 6's code table: which FHIR codes feed which case-event field, read how, with which units and values. The
 * one source for the mapper ({@link BundleMapper}) and for the served CodeSystem ({@link CopCodeSystem}). Every list
 * of contract values comes from the contract's JSON Schema ({@link ContractValues}); the standard codes are the
 * contract's, and a standard code naming a value the schema does not know stops the start.
 */
public final class CodeTable {

    public static final String COP = "urn:cop-pipeline:fhir:cop";
    public static final String LOINC = "http://loinc.org";
    public static final String SNOMED = "http://snomed.info/sct";
    public static final String ICD10 = "http://hl7.org/fhir/sid/icd-10";
    public static final String ICD10_CM = "http://hl7.org/fhir/sid/icd-10-cm";
    public static final String ATC = "http://www.whocc.no/atc";
    public static final String UCUM = "http://unitsofmeasure.org";

    public static final String OBSERVATION = "Observation";
    public static final String CONDITION = "Condition";
    public static final String DIAGNOSTIC_REPORT = "DiagnosticReport";
    public static final String PROCEDURE = "Procedure";

    /** The cop code of an Observation.component that carries a microbiology result's organism (detail 5). */
    public static final String ORGANISM = "organism";

    /** How an entry's value is read. */
    public enum Read {
        /** valueQuantity with a UCUM code, converted to the field's unit. */
        QUANTITY,
        /** valueQuantity in d or wk: a whole number of days. */
        DAYS,
        INTEGER,
        BOOLEAN,
        /** valueCodeableConcept with a cop code of the field's list. */
        CODED,
        /** valueCodeableConcept with a cop pattern, Observation.method with a cop method. */
        HISTOLOGY,
        /** An item of symptoms[]: present unless refuted, no longer active or valueBoolean false. */
        SYMPTOM,
        /** An item of tests.microbiology[]: the test is the code, the result the value. */
        TEST,
        /** An item of history.conditions[]. */
        CONDITION,
        /** A chest CT report: performed, and its conclusion codes as findings. */
        CT_REPORT,
        /** An item of history.radiotherapy[]. */
        RADIOTHERAPY
    }

    /**
     * One row of the table.
     *
     * @param field         the event field it feeds, as a JSON Pointer (a list field for the list reads)
     * @param item          the list value it adds (a symptom, condition or test code), else null
     * @param copCode       the field's own code in the cop system
     * @param resourceTypes the resource types it is read from
     */
    public record Target(String field, String item, Read read, String copCode, Set<String> resourceTypes) {

        /** Two codings of one concept agree when they name the same target. */
        public String key() {
            return item == null ? field : field + "#" + item;
        }

        public boolean isListItem() {
            return item != null;
        }
    }

    /** A UCUM unit a field accepts and how its value becomes the field's unit. */
    public record Unit(String ucum, String rule, UnaryOperator<BigDecimal> convert) {
    }

    /** What a coding of a resource's code names. */
    public record Match(Target target, String problem) {

        static final Match NONE = new Match(null, null);

        public boolean mapped() {
            return target != null;
        }

        public boolean refused() {
            return problem != null;
        }
    }

    private static final BigDecimal POUND_KG = new BigDecimal("0.45359237");
    private static final BigDecimal FIVE_NINTHS_DIVISOR = BigDecimal.valueOf(9);
    private static final UnaryOperator<BigDecimal> SAME = v -> v;

    private final ContractValues contract;
    /** "system|code" of a standard code -> its target. */
    private final Map<String, Target> standard = new LinkedHashMap<>();
    /** ICD-10 prefixes without the dot -> condition target, longest prefixes first. */
    private final Map<String, Target> icdPrefixes = new LinkedHashMap<>();
    /** cop code of a resource (a field, a symptom, a condition, a test, ct, radiotherapy) -> target. */
    private final Map<String, Target> copResourceCodes = new LinkedHashMap<>();
    /** Field -> its accepted UCUM units. */
    private final Map<String, List<Unit>> units = new LinkedHashMap<>();
    /** Field -> its list of cop value codes (CODED fields, findings, results, histology, sites). */
    private final Map<String, List<String>> valueLists = new LinkedHashMap<>();
    /** Standard value codes: microbiology results and radiotherapy sites. */
    private final Map<String, String> standardResults = new LinkedHashMap<>();
    private final Map<String, String> standardSites = new LinkedHashMap<>();
    /** Every cop code the mapping accepts -> how it is used (the CodeSystem's definitions). */
    private final Map<String, List<String>> copUses = new LinkedHashMap<>();

    public CodeTable(ContractValues contract) {
        this.contract = contract;
        Set<String> obs = Set.of(OBSERVATION);

        // measurements.* and the other numbers (UCUM code normative; detail 2)
        quantity("/patient/weightKg", obs, List.of(
                new Unit("kg", "kg", SAME),
                new Unit("g", "g / 1000", v -> v.movePointLeft(3)),
                new Unit("[lb_av]", "[lb_av] x 0.45359237", v -> v.multiply(POUND_KG))), LOINC, "29463-7");
        quantity("/measurements/spo2RestPercent", obs, percent(), LOINC, "59408-5", LOINC, "2708-6");
        quantity("/measurements/spo2ExertionNadirPercent", obs, percent());
        quantity("/measurements/respiratoryRate", obs, List.of(
                new Unit("/min", "/min", SAME),
                // UCUM annotations ({...}) are unity: {breaths}/min is /min, and it is LOINC 9279-1's own example unit.
                new Unit("{breaths}/min", "{breaths}/min = /min", SAME)), LOINC, "9279-1");
        quantity("/measurements/temperatureC", obs, List.of(
                new Unit("Cel", "Cel", SAME),
                new Unit("[degF]", "([degF] - 32) x 5/9",
                        v -> v.subtract(BigDecimal.valueOf(32)).multiply(BigDecimal.valueOf(5))
                                .divide(FIVE_NINTHS_DIVISOR, MathContext.DECIMAL64))), LOINC, "8310-5");
        quantity("/measurements/crpMgPerL", obs, List.of(
                new Unit("mg/L", "mg/L", SAME),
                new Unit("mg/dL", "mg/dL x 10", v -> v.multiply(BigDecimal.TEN))), LOINC, "1988-5");
        quantity("/measurements/wbcPerNl", obs, perNanolitre(), LOINC, "6690-2");
        quantity("/measurements/eosinophilsPerNl", obs, perNanolitre(), LOINC, "711-2");
        quantity("/measurements/fvcPercentPredicted", obs, percent());
        quantity("/measurements/dlcoPercentPredicted", obs, percent());
        coded("/measurements/respiratorySupport");
        quantity("/bal/lymphocytePercent", obs, percent());
        quantity("/bal/neutrophilPercent", obs, percent());
        quantity("/bal/eosinophilPercent", obs, percent());
        quantity("/bal/cd4Cd8Ratio", obs, List.of(
                new Unit("", "no unit", SAME),
                new Unit("1", "1", SAME),
                new Unit("{ratio}", "{ratio} = 1", SAME)));
        quantity("/treatmentHistory/currentPrednisoneMgPerDay", obs, List.of(new Unit("mg/d", "mg/d", SAME)));

        // course.*
        units.put("/course/symptomDurationDays", List.of(
                new Unit("d", "d", SAME),
                new Unit("wk", "wk x 7", v -> v.multiply(BigDecimal.valueOf(7)))));
        add(new Target("/course/symptomDurationDays", null, Read.DAYS, "symptomDurationDays", obs));
        coded("/course/trajectory");
        add(new Target("/course/antibioticCourses", null, Read.INTEGER, "antibioticCourses", obs));
        coded("/course/antibioticResponse");

        // patient.immunocompromised (v1.2)
        bool("/patient/immunocompromised", "immunocompromised");

        // symptoms[]
        Map<String, String> symptomSnomed = new LinkedHashMap<>();
        symptomSnomed.put("11833005", "nonproductive-cough");
        symptomSnomed.put("28743005", "productive-cough");
        symptomSnomed.put("267036007", "dyspnea");
        symptomSnomed.put("386661006", "fever");
        symptomSnomed.put("367391008", "malaise");
        symptomSnomed.put("84229001", "fatigue");
        symptomSnomed.put("89362005", "weight-loss");
        symptomSnomed.put("66857006", "hemoptysis");
        symptomSnomed.put("48409008", "crackles");
        List<String> symptoms = contract.values("/symptoms/code");
        for (String symptom : symptoms) {
            add(new Target("/symptoms", symptom, Read.SYMPTOM, symptom, Set.of(CONDITION, OBSERVATION)));
        }
        symptomSnomed.forEach((code, symptom) -> standard(SNOMED, code, listTarget("/symptoms", symptom, symptoms)));

        // imaging.ct
        add(new Target("/imaging/ct", null, Read.CT_REPORT, "ct", Set.of(DIAGNOSTIC_REPORT)));
        standard(LOINC, "24627-2", copResourceCodes.get("ct"));
        valueList("/imaging/ct/findings", contract.values("/imaging/ct/findings"));
        add(new Target("/imaging/ct/lobesInvolved", null, Read.INTEGER, "lobesInvolved", obs));
        add(new Target("/imaging/ct/performed", null, Read.BOOLEAN, "ctPerformed", obs));

        // bal.malignantCells, histology
        bool("/bal/malignantCells", "malignantCells");
        add(new Target("/histology", null, Read.HISTOLOGY, "histologyPattern", obs));
        valueList("/histology/pattern", contract.values("/histology/pattern"));
        valueList("/histology/method", contract.values("/histology/method"));

        // tests
        List<String> tests = contract.values("/tests/microbiology/test");
        for (String test : tests) {
            add(new Target("/tests/microbiology", test, Read.TEST, test, obs));
        }
        valueList("/tests/microbiology/result", contract.values("/tests/microbiology/result"));
        standardResults.put("260385009", must("negative", contract.values("/tests/microbiology/result")));
        standardResults.put("10828004", must("positive", contract.values("/tests/microbiology/result")));
        coded("/tests/autoimmunePanel");
        coded("/tests/bloodCount");

        // history
        for (String flag : List.of("medicationsReviewed", "radiotherapyReviewed", "conditionsReviewed", "exposuresReviewed")) {
            bool("/history/" + flag, flag);
        }
        List<String> conditions = contract.values("/history/conditions");
        for (String condition : conditions) {
            add(new Target("/history/conditions", condition, Read.CONDITION, condition, Set.of(CONDITION)));
        }
        condition(conditions, "rheumatoid-arthritis", "69896004", "M05", "M06");
        condition(conditions, "myositis", "26889001", "M33", "M60");
        condition(conditions, "sjogren-syndrome", "83901003", "M35.0");
        condition(conditions, "systemic-lupus-erythematosus", "55464009", "M32");
        condition(conditions, "systemic-sclerosis", "89155008", "M34");
        condition(conditions, "myelodysplastic-syndrome", "109995007", "D46");
        condition(conditions, "leukemia", "93143009", "C91", "C92", "C93", "C94", "C95");
        condition(conditions, "lymphoma", "118600007", "C81", "C82", "C83", "C84", "C85", "C86", "C88");
        condition(conditions, "ulcerative-colitis", "64766004", "K51");
        condition(conditions, "crohn-disease", "34000006", "K50");
        condition(conditions, "diabetes", "73211009", "E10", "E11", "E12", "E13", "E14");
        condition(conditions, "osteoporosis", "64859006", "M80", "M81");
        add(new Target("/history/radiotherapy", null, Read.RADIOTHERAPY, "radiotherapy", Set.of(PROCEDURE)));
        standard(SNOMED, "108290001", copResourceCodes.get("radiotherapy"));
        List<String> sites = contract.values("/history/radiotherapy/site");
        valueList("/history/radiotherapy/site", sites);
        standardSites.put("76752008", must("breast", sites));
        standardSites.put("51185008", must("thorax", sites));

        // treatmentHistory
        bool("/treatmentHistory/relapseOnTaper", "relapseOnTaper");

        use(ORGANISM, "Observation.component code: the organism of a microbiology result (valueString); sets "
                + "tests.microbiology[].organism");
    }

    // ------------------------------------------------------------------------------------------------ lookups

    /** What one coding of a resource's code names, for that resource type. */
    public Match match(String resourceType, String system, String code) {
        if (system == null || code == null) {
            return Match.NONE;
        }
        if (COP.equals(system)) {
            Target target = copResourceCodes.get(code);
            if (target == null) {
                return new Match(null, copUses.containsKey(code)
                        ? "the cop code " + code + " is a value, not a field; it cannot be a resource's code"
                        : "unknown cop code " + code + " (see GET /api/v1/fhir/CodeSystem/cop)");
            }
            if (!target.resourceTypes().contains(resourceType)) {
                return new Match(null, "the cop code " + code + " is read from " + String.join(" or ", sorted(target.resourceTypes()))
                        + ", not from " + resourceType);
            }
            return new Match(target, null);
        }
        Target target = standard.get(system + "|" + code);
        if (target == null && (ICD10.equals(system) || ICD10_CM.equals(system))) {
            String plain = code.replace(".", "");
            for (Map.Entry<String, Target> prefix : icdPrefixes.entrySet()) {
                if (plain.startsWith(prefix.getKey())) {
                    target = prefix.getValue();
                    break;
                }
            }
        }
        return target != null && target.resourceTypes().contains(resourceType) ? new Match(target, null) : Match.NONE;
    }

    /** The units a field accepts (QUANTITY and DAYS fields). */
    public List<Unit> units(String field) {
        return units.getOrDefault(field, List.of());
    }

    /** The cop value codes a field accepts. */
    public List<String> values(String field) {
        List<String> values = valueLists.get(field);
        if (values == null) {
            throw new IllegalArgumentException("no list of values for " + field);
        }
        return values;
    }

    /** A microbiology result from a SNOMED code (260385009 negative, 10828004 positive), else null. */
    public String standardResult(String snomedCode) {
        return standardResults.get(snomedCode);
    }

    /** A radiotherapy site from a SNOMED body-site code (76752008 breast, 51185008 thorax), else null. */
    public String standardSite(String snomedCode) {
        return standardSites.get(snomedCode);
    }

    /** Every target (one row per field or list value). */
    public List<Target> targets() {
        return List.copyOf(copResourceCodes.values());
    }

    /** Every code of the cop system the mapping accepts, with what it is used for (CodeSystem definitions). */
    public Map<String, List<String>> copCodes() {
        return Collections.unmodifiableMap(copUses);
    }

    /** The standard (non-cop) resource codes, "system|code" -> target; ICD prefixes are in {@link #icdPrefixes()}. */
    public Map<String, Target> standardCodes() {
        return Collections.unmodifiableMap(standard);
    }

    /** ICD-10 prefixes (dot removed) -> target. */
    public Map<String, Target> icdPrefixes() {
        return Collections.unmodifiableMap(icdPrefixes);
    }

    public ContractValues contract() {
        return contract;
    }

    // ------------------------------------------------------------------------------------------------ building

    private static List<Unit> percent() {
        return List.of(new Unit("%", "%", SAME));
    }

    private static List<Unit> perNanolitre() {
        return List.of(
                new Unit("10*3/uL", "10*3/uL", SAME),
                new Unit("10*9/L", "10*9/L", SAME),
                new Unit("/nL", "/nL", SAME));
    }

    private void quantity(String field, Set<String> from, List<Unit> accepted, String... standardCodes) {
        checkType(field, "number");
        units.put(field, accepted);
        add(new Target(field, null, Read.QUANTITY, name(field), from));
        for (int i = 0; i < standardCodes.length; i += 2) {
            standard(standardCodes[i], standardCodes[i + 1], copResourceCodes.get(name(field)));
        }
    }

    private void coded(String field) {
        checkType(field, "string");
        add(new Target(field, null, Read.CODED, name(field), Set.of(OBSERVATION)));
        valueList(field, contract.values(field));
    }

    private void bool(String field, String copCode) {
        checkType(field, "boolean");
        add(new Target(field, null, Read.BOOLEAN, copCode, Set.of(OBSERVATION)));
    }

    private void checkType(String field, String type) {
        if (!type.equals(contract.type(field))) {
            throw new IllegalStateException("the contract's " + field + " is not a " + type);
        }
    }

    private void add(Target target) {
        if (copResourceCodes.put(target.copCode(), target) != null) {
            throw new IllegalStateException("cop code " + target.copCode() + " named twice");
        }
        use(target.copCode(), describe(target));
    }

    private void standard(String system, String code, Target target) {
        if (target == null) {
            throw new IllegalStateException("no target for " + system + "|" + code);
        }
        standard.put(system + "|" + code, target);
    }

    private Target listTarget(String field, String item, List<String> allowed) {
        return copResourceCodes.get(must(item, allowed));
    }

    private void condition(List<String> conditions, String condition, String snomed, String... icdPrefixesWithDot) {
        Target target = listTarget("/history/conditions", condition, conditions);
        standard(SNOMED, snomed, target);
        for (String prefix : icdPrefixesWithDot) {
            icdPrefixes.put(prefix.replace(".", ""), target);
        }
    }

    private void valueList(String field, List<String> values) {
        valueLists.put(field, values);
        for (String value : values) {
            use(value, "value of " + dotted(field));
        }
    }

    private void use(String code, String use) {
        copUses.computeIfAbsent(code, c -> new ArrayList<>()).add(use);
    }

    private static String must(String value, List<String> allowed) {
        if (!allowed.contains(value)) {
            throw new IllegalStateException("the contract schema does not list " + value);
        }
        return value;
    }

    private String describe(Target target) {
        String from = String.join(" or ", sorted(target.resourceTypes())) + " code: ";
        return switch (target.read()) {
            case QUANTITY, DAYS -> from + "sets " + dotted(target.field()) + " (valueQuantity, UCUM "
                    + String.join(", ", units.getOrDefault(target.field(), List.of()).stream().map(Unit::rule).toList())
                    + ")";
            case INTEGER -> from + "sets " + dotted(target.field()) + " (valueInteger)";
            case BOOLEAN -> from + "sets " + dotted(target.field()) + " (valueBoolean)";
            case CODED -> from + "sets " + dotted(target.field()) + " (valueCodeableConcept with a cop value)";
            case HISTOLOGY -> from + "sets histology.pattern (valueCodeableConcept) and histology.method (Observation.method)";
            case SYMPTOM -> from + "adds the symptom " + target.item() + " to symptoms[]";
            case TEST -> from + "adds the test " + target.item() + " to tests.microbiology[] (result as the value)";
            case CONDITION -> from + "adds " + target.item() + " to history.conditions[]";
            case CT_REPORT -> from + "a chest CT report: imaging.ct.performed, conclusionCode -> findings";
            case RADIOTHERAPY -> from + "adds an item to history.radiotherapy[] (site from bodySite)";
        };
    }

    /** The last step of a pointer: a field's own name is its cop code. */
    static String name(String field) {
        return field.substring(field.lastIndexOf('/') + 1);
    }

    static String dotted(String field) {
        return field.substring(1).replace('/', '.');
    }

    private static List<String> sorted(Set<String> names) {
        List<String> list = new ArrayList<>(new LinkedHashSet<>(names));
        Collections.sort(list);
        return list;
    }
}
