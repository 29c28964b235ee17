package org.coppipeline.gateway.fhir;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.coppipeline.gateway.fhir.CodeTable.Read;
import org.coppipeline.gateway.fhir.CodeTable.Target;
import org.coppipeline.gateway.fhir.CodeTable.Unit;

/**
 * CONTRACT 6: one FHIR R4 Bundle to exactly one case event (section 2), by the code table and the ten mapping details.
 * Framework-free: the HAPI model in, a Jackson tree out. Never guesses: a value it cannot take exactly is a
 * {@link BundleRejected} naming the Bundle element (and the event field), and an entry it does not take is listed in
 * the mapping with the reason. Reads of the Patient are limited to id and fullUrl (to resolve references),
 * birthDate and gender. Nothing here logs.
 */
public final class BundleMapper {

    /** CONTRACT 6: the namespace of the name-based (version 5) event ids. */
    public static final UUID EVENT_ID_NAMESPACE = UUID.fromString("3c0e0a34-5d0b-4f7e-9c4e-2b6c1f0a9d11");

    static final Set<String> BUNDLE_TYPES = Set.of("collection", "document", "transaction", "batch");
    static final Set<String> OBSERVATION_READ = Set.of("final", "amended", "corrected", "preliminary");
    static final Set<String> REPORT_READ = OBSERVATION_READ;
    static final Set<String> MEDICATION_STATEMENT_SKIPPED = Set.of("entered-in-error", "not-taken", "intended");
    static final Set<String> MEDICATION_REQUEST_SKIPPED = Set.of("draft", "cancelled", "entered-in-error");
    static final Set<String> PROCEDURE_READ = Set.of("completed", "in-progress");
    static final Set<String> NO_LONGER_PRESENT = Set.of("inactive", "resolved", "remission");
    static final String CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical";
    static final String CONDITION_VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status";

    private static final Pattern UUID_TEXT = Pattern.compile(
            "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    private static final Pattern PATIENT_REFERENCE = Pattern.compile("^Patient/([A-Za-z0-9\\-.]{1,64})(/_history/[A-Za-z0-9\\-.]{1,64})?$");
    private static final Pattern MEDICATION_REFERENCE = Pattern.compile("^Medication/([A-Za-z0-9\\-.]{1,64})(/_history/[A-Za-z0-9\\-.]{1,64})?$");
    /** RFC 3339 allows a lower-case 't' and 'z' (as CaseEventParser). */
    private static final DateTimeFormatter RFC_3339 = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
            .toFormatter();
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private final CodeTable table;

    public BundleMapper(CodeTable table) {
        this.table = table;
    }

    public CodeTable table() {
        return table;
    }

    /** The case event of a Bundle for the caller's hospital; {@link BundleRejected} with pointers when it has none. */
    public MappedBundle map(ParsedBundle parsed, String hospitalId) {
        return new Run(parsed, hospitalId).map();
    }

    /** RFC 9562 name-based UUID, version 5 (SHA-1). */
    public static UUID uuidV5(UUID namespace, String name) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(ByteBuffer.allocate(16).putLong(namespace.getMostSignificantBits())
                    .putLong(namespace.getLeastSignificantBits()).array());
            byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
            hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
            hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
            ByteBuffer bytes = ByteBuffer.wrap(hash, 0, 16);
            return new UUID(bytes.getLong(), bytes.getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JVM", e);
        }
    }

    /**
     * Completed years from a (possibly partial) birth date to a day: YYYY counts as YYYY-01-01, YYYY-MM as
     * YYYY-MM-01, and a 29 February birthday falls on 1 March in other years.
     */
    public static int completedYears(String birthDate, LocalDate on) {
        LocalDate birth = startDate(birthDate);
        int years = on.getYear() - birth.getYear();
        MonthDay birthday = MonthDay.from(birth);
        LocalDate anniversary = birthday.equals(MonthDay.of(2, 29)) && !Year.isLeap(on.getYear())
                ? LocalDate.of(on.getYear(), 3, 1)
                : birthday.atYear(on.getYear());
        return on.isBefore(anniversary) ? years - 1 : years;
    }

    /** Whole days before {@code occurredAt}: floor((occurredAt - t) / 24 h). */
    public static long daysBefore(Instant t, Instant occurredAt) {
        return Math.floorDiv(Duration.between(t, occurredAt).getSeconds(), 86_400L);
    }

    /** Null-safe membership: the immutable collections of List.of and Set.of throw on contains(null). */
    static boolean in(java.util.Collection<String> values, String value) {
        return value != null && values.contains(value);
    }

    /** A count of days as the JSON integer it is (an int where it fits). */
    static JsonNode days(long days) {
        return days == (int) days ? NODES.numberNode((int) days) : NODES.numberNode(days);
    }

    /** The first day of a FHIR date (YYYY, YYYY-MM or YYYY-MM-DD). */
    static LocalDate startDate(String date) {
        return switch (date.length()) {
            case 4 -> LocalDate.of(Integer.parseInt(date), 1, 1);
            case 7 -> YearMonth.parse(date).atDay(1);
            default -> LocalDate.parse(date.substring(0, 10));
        };
    }

    /** A FHIR date, dateTime or instant as an instant: a date without time is 00:00 UTC of its first day. */
    static Instant instant(String text) {
        if (text.length() <= 10) {
            return startDate(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        return OffsetDateTime.parse(text, RFC_3339).toInstant();
    }

    // ==================================================================================================== one run

    /** One Bundle's mapping: collects candidates per field, then picks the winners and assembles the event. */
    private final class Run {

        private final ParsedBundle parsed;
        private final Bundle bundle;
        private final JsonNode tree;
        private final String hospitalId;
        private final List<BundleIssue> issues = new ArrayList<>();
        private final Provenance provenance = new Provenance();
        private final List<Entry> entries = new ArrayList<>();

        private Instant occurredAt;
        private Entry patient;
        private String patientId;
        private String patientFullUrl;

        /** Single-valued fields: event pointer -> candidates. */
        private final Map<String, List<Candidate>> singles = new LinkedHashMap<>();
        private final Map<String, List<SymptomCandidate>> symptoms = new LinkedHashMap<>();
        private final Map<String, List<Candidate>> tests = new LinkedHashMap<>();
        private final Map<String, List<Candidate>> conditions = new LinkedHashMap<>();
        private final List<CtReport> ctReports = new ArrayList<>();
        private final List<Candidate> medications = new ArrayList<>();
        private final List<Candidate> radiotherapy = new ArrayList<>();
        /** Resolved event values by pointer, assembled in schema order at the end. */
        private final Map<String, JsonNode> resolved = new LinkedHashMap<>();

        Run(ParsedBundle parsed, String hospitalId) {
            this.parsed = parsed;
            this.bundle = parsed.bundle();
            this.tree = parsed.tree();
            this.hospitalId = hospitalId;
        }

        MappedBundle map() {
            String caseId = text(tree.path("identifier").path("value"));
            String timestamp = text(tree.path("timestamp"));
            identity(caseId, timestamp);
            findPatient();
            if (occurredAt == null || patient == null) {
                throw rejected();
            }
            readPatient();
            for (int i = 0; i < bundle.getEntry().size(); i++) {
                Bundle.BundleEntryComponent component = bundle.getEntry().get(i);
                Resource resource = component.getResource();
                Entry entry = entries.get(i);
                if (resource == null || entry == patient) {
                    continue;
                }
                switch (resource.fhirType()) {
                    case "Observation" -> observation(entry, (Observation) resource);
                    case "Condition" -> condition(entry, (Condition) resource);
                    case "DiagnosticReport" -> report(entry, (DiagnosticReport) resource);
                    case "Procedure" -> procedure(entry, (Procedure) resource);
                    case "MedicationStatement" -> medicationStatement(entry, (MedicationStatement) resource);
                    case "MedicationRequest" -> medicationRequest(entry, (MedicationRequest) resource);
                    default -> {
                        // Medication entries are read through the statements that reference them; the rest has no row.
                    }
                }
            }
            resolveSingles();
            resolveCt();
            resolveSymptoms();
            resolveList(tests, "/tests/microbiology");
            resolveList(conditions, "/history/conditions");
            resolveItems(medications, "/history/medications");
            resolveItems(radiotherapy, "/history/radiotherapy");
            if (!issues.isEmpty()) {
                throw rejected();
            }

            ObjectNode event = NODES.objectNode();
            String eventId = eventId(caseId, timestamp);
            event.put("eventId", eventId);
            event.put("caseId", caseId);
            event.put("hospitalId", hospitalId);
            event.put("occurredAt", timestamp);
            event.put("schemaVersion", 1);
            provenance.record("/eventId", eventId.equals(String.valueOf(text(tree.path("id"))).toLowerCase(java.util.Locale.ROOT))
                    ? "/id" : "/timestamp");
            provenance.record("/caseId", "/identifier/value");
            provenance.record("/occurredAt", "/timestamp");
            provenance.record("/schemaVersion", "");
            assemble(event, "");
            return new MappedBundle(event, mapping(), provenance);
        }

        private BundleRejected rejected() {
            return BundleRejected.invalid(BundleReader.ordered(issues));
        }

        // ------------------------------------------------------------------------------------------ identity

        private void identity(String caseId, String timestamp) {
            String type = text(tree.path("type"));
            if (type == null || !in(BUNDLE_TYPES, type)) {
                issues.add(BundleIssue.at("/type", "Bundle.type must be collection, document, transaction or batch"));
            }
            if (caseId == null) {
                issues.add(new BundleIssue("/identifier/value", "/caseId", "Bundle.identifier.value is required: it is the caseId"));
            }
            if (timestamp == null) {
                issues.add(new BundleIssue("/timestamp", "/occurredAt", "Bundle.timestamp is required: it is occurredAt"));
            } else {
                try {
                    occurredAt = OffsetDateTime.parse(timestamp, RFC_3339).toInstant();
                } catch (DateTimeException e) {
                    issues.add(new BundleIssue("/timestamp", "/occurredAt", "not a representable instant"));
                }
            }
            for (int i = 0; i < bundle.getEntry().size(); i++) {
                Resource resource = bundle.getEntry().get(i).getResource();
                entries.add(new Entry(i, "/entry/" + i + "/resource", resource == null ? null : resource.fhirType()));
            }
        }

        private String eventId(String caseId, String timestamp) {
            String id = text(tree.path("id"));
            if (id != null && UUID_TEXT.matcher(id).matches()) {
                return id.toLowerCase(java.util.Locale.ROOT);
            }
            return uuidV5(EVENT_ID_NAMESPACE, hospitalId + "/" + caseId + "/" + timestamp).toString();
        }

        // ------------------------------------------------------------------------------------------ patient

        private void findPatient() {
            List<Entry> patients = entries.stream().filter(e -> "Patient".equals(e.resourceType)).toList();
            if (patients.isEmpty()) {
                issues.add(new BundleIssue("/entry", "/patient", "exactly one Patient entry is needed; the Bundle has none"));
            } else if (patients.size() > 1) {
                for (Entry entry : patients) {
                    issues.add(new BundleIssue(entry.pointer, "/patient",
                            "exactly one Patient entry is needed; the Bundle has " + patients.size()));
                }
            } else {
                patient = patients.get(0);
                JsonNode entryNode = tree.path("entry").path(patient.index);
                patientFullUrl = text(entryNode.path("fullUrl"));
                patientId = text(entryNode.path("resource").path("id"));
            }
        }

        private void readPatient() {
            JsonNode resource = tree.path("entry").path(patient.index).path("resource");
            String birthDate = text(resource.path("birthDate"));
            if (birthDate == null) {
                issues.add(new BundleIssue(patient.pointer + "/birthDate", "/patient/ageYears",
                        "Patient.birthDate is required: it gives ageYears"));
            } else {
                resolved.put("/patient/ageYears", NODES.numberNode(completedYears(birthDate, occurredAt.atZone(ZoneOffset.UTC).toLocalDate())));
                provenance.record("/patient/ageYears", patient.pointer + "/birthDate");
                patient.feeds("/patient/ageYears");
            }
            String gender = text(resource.path("gender"));
            if (gender != null) {
                // The administrative-gender codes are the contract's four values; the schema check confirms it.
                resolved.put("/patient/sex", NODES.textNode(gender));
                provenance.record("/patient/sex", patient.pointer + "/gender");
                patient.feeds("/patient/sex");
            }
        }

        /** Detail 1: about the patient when the reference is absent or resolves to the one Patient entry. */
        private boolean aboutThePatient(Reference subject) {
            if (subject == null || subject.isEmpty()) {
                return true;
            }
            String reference = subject.getReference();
            if (reference == null) {
                // An identifier or a display names someone, but not by a reference this Bundle can resolve.
                return false;
            }
            if (reference.equals(patientFullUrl)) {
                return true;
            }
            var relative = PATIENT_REFERENCE.matcher(reference);
            if (relative.matches()) {
                return relative.group(1).equals(patientId);
            }
            if (patientFullUrl != null && reference.contains("/_history/")) {
                return reference.substring(0, reference.indexOf("/_history/")).equals(patientFullUrl);
            }
            return false;
        }

        // ------------------------------------------------------------------------------------------ Observation

        private void observation(Entry entry, Observation o) {
            if (!aboutThePatient(o.hasSubject() ? o.getSubject() : null)) {
                entry.ignore(Mapping.NOT_ABOUT_THE_PATIENT);
                return;
            }
            Target target = target(entry, CodeTable.OBSERVATION, o.hasCode() ? o.getCode() : null, "/code");
            if (target == null) {
                return;
            }
            String status = o.hasStatus() ? o.getStatusElement().getValueAsString() : null;
            boolean microbiology = target.read() == Read.TEST;
            if (!(in(OBSERVATION_READ, status) || microbiology && "registered".equals(status))) {
                entry.ignore(Mapping.STATUS);
                return;
            }
            Instant dated = first(entry, dt(o.hasEffectiveDateTimeType() ? o.getEffectiveDateTimeType() : null, "/effectiveDateTime"),
                    dt(o.hasEffectiveInstantType() ? o.getEffectiveInstantType() : null, "/effectiveInstant"),
                    dt(o.hasEffectivePeriod() ? o.getEffectivePeriod().getStartElement() : null, "/effectivePeriod/start"),
                    dt(o.hasIssued() ? o.getIssuedElement() : null, "/issued"));
            if (after(entry, dated) || !entry.singleTarget(target)) {
                return;
            }
            Instant order = firstOr(dated, entry, dt(o.hasEffectiveDateTimeType() ? o.getEffectiveDateTimeType() : null, "/effectiveDateTime"),
                    dt(o.hasEffectiveInstantType() ? o.getEffectiveInstantType() : null, "/effectiveInstant"),
                    dt(o.hasEffectivePeriod() ? o.getEffectivePeriod().getEndElement() : null, "/effectivePeriod/end"),
                    dt(o.hasIssued() ? o.getIssuedElement() : null, "/issued"));
            String field = target.field();
            Type value = o.hasValue() ? o.getValue() : null;
            String valuePointer = value == null ? entry.pointer + "/value[x]" : entry.pointer + "/value" + capitalized(value.fhirType());
            switch (target.read()) {
                case QUANTITY, DAYS -> {
                    if (noValue(entry, value)) {
                        return;
                    }
                    if (!(value instanceof Quantity quantity)) {
                        wrongType(valuePointer, field, "valueQuantity");
                        return;
                    }
                    JsonNode number = quantity(quantity, target, entry.pointer + "/valueQuantity");
                    if (number != null) {
                        single(field, new Candidate(entry, order, number, Map.of("", entry.pointer + "/valueQuantity/value")));
                    }
                }
                case INTEGER -> {
                    if (noValue(entry, value)) {
                        return;
                    }
                    if (!(value instanceof IntegerType integer)) {
                        wrongType(valuePointer, field, "valueInteger");
                        return;
                    }
                    single(field, new Candidate(entry, order, NODES.numberNode(integer.getValue()), Map.of("", valuePointer)));
                }
                case BOOLEAN -> {
                    if (noValue(entry, value)) {
                        return;
                    }
                    if (!(value instanceof BooleanType bool)) {
                        wrongType(valuePointer, field, "valueBoolean");
                        return;
                    }
                    single(field, new Candidate(entry, order, NODES.booleanNode(bool.booleanValue()), Map.of("", valuePointer)));
                }
                case CODED -> {
                    if (noValue(entry, value)) {
                        return;
                    }
                    if (!(value instanceof CodeableConcept concept)) {
                        wrongType(valuePointer, field, "valueCodeableConcept");
                        return;
                    }
                    Coded coded = copValue(concept, entry.pointer + "/valueCodeableConcept", field, table.values(field), null);
                    if (coded != null) {
                        single(field, new Candidate(entry, order, NODES.textNode(coded.code), Map.of("", coded.pointer)));
                    }
                }
                case HISTOLOGY -> histology(entry, o, order, value, valuePointer);
                case SYMPTOM -> {
                    boolean present = !(value instanceof BooleanType bool && bool.hasValue() && !bool.booleanValue());
                    symptom(target.item(), new SymptomCandidate(entry, order, present, null,
                            present ? entry.targetPointer : valuePointer));
                }
                case TEST -> test(entry, o, target, status, order, value, valuePointer);
                default -> throw new IllegalStateException("no Observation read for " + target.read());
            }
        }

        private void histology(Entry entry, Observation o, Instant order, Type value, String valuePointer) {
            if (noValue(entry, value)) {
                return;
            }
            if (!(value instanceof CodeableConcept concept)) {
                wrongType(valuePointer, "/histology/pattern", "valueCodeableConcept");
                return;
            }
            Coded pattern = copValue(concept, entry.pointer + "/valueCodeableConcept", "/histology/pattern",
                    table.values("/histology/pattern"), null);
            Coded method = o.hasMethod()
                    ? copValue(o.getMethod(), entry.pointer + "/method", "/histology/method", table.values("/histology/method"), null)
                    : null;
            if (pattern == null || o.hasMethod() && method == null) {
                return;
            }
            ObjectNode histology = NODES.objectNode();
            Map<String, String> from = new LinkedHashMap<>();
            if (method != null) {
                histology.put("method", method.code);
                from.put("/method", method.pointer);
            }
            histology.put("pattern", pattern.code);
            from.put("/pattern", pattern.pointer);
            single("/histology", new Candidate(entry, order, histology, from));
        }

        /** Detail 5: one entry per test, the latest wins; registered (and preliminary without a value) is pending. */
        private void test(Entry entry, Observation o, Target target, String status, Instant order, Type value, String valuePointer) {
            // The item's place in tests.microbiology[] (tests keep the order of their first entry).
            int index = tests.containsKey(target.item()) ? new ArrayList<>(tests.keySet()).indexOf(target.item()) : tests.size();
            String field = "/tests/microbiology/" + index;
            Coded result;
            if ("registered".equals(status) || value == null && "preliminary".equals(status)) {
                result = new Coded("pending", entry.pointer + "/status");
            } else {
                if (noValue(entry, value)) {
                    return;
                }
                if (!(value instanceof CodeableConcept concept)) {
                    wrongType(valuePointer, field + "/result", "valueCodeableConcept");
                    return;
                }
                result = copValue(concept, entry.pointer + "/valueCodeableConcept", field + "/result",
                        table.values("/tests/microbiology/result"), table::standardResult);
                if (result == null) {
                    return;
                }
            }
            ObjectNode item = NODES.objectNode();
            Map<String, String> from = new LinkedHashMap<>();
            item.put("test", target.item());
            from.put("/test", entry.targetPointer);
            item.put("result", result.code);
            from.put("/result", result.pointer);
            String organism = null;
            for (int c = 0; c < o.getComponent().size(); c++) {
                Observation.ObservationComponentComponent component = o.getComponent().get(c);
                if (hasCoding(component.getCode(), CodeTable.COP, CodeTable.ORGANISM)) {
                    String at = entry.pointer + "/component/" + c;
                    if (!(component.getValue() instanceof StringType text) || !text.hasValue()) {
                        wrongType(at + "/value[x]", field + "/organism", "valueString");
                        return;
                    }
                    organism = text.getValue();
                    from.put("/organism", at + "/valueString");
                    break;
                }
            }
            if (organism == null && "positive".equals(result.code) && value instanceof CodeableConcept concept && concept.hasText()) {
                organism = concept.getText();
                from.put("/organism", entry.pointer + "/valueCodeableConcept/text");
            }
            if (organism != null) {
                item.put("organism", organism);
            }
            tests.computeIfAbsent(target.item(), k -> new ArrayList<>()).add(new Candidate(entry, order, item, from));
        }

        // ------------------------------------------------------------------------------------------ Condition

        private void condition(Entry entry, Condition c) {
            if (!aboutThePatient(c.hasSubject() ? c.getSubject() : null)) {
                entry.ignore(Mapping.NOT_ABOUT_THE_PATIENT);
                return;
            }
            Target target = target(entry, CodeTable.CONDITION, c.hasCode() ? c.getCode() : null, "/code");
            if (target == null) {
                return;
            }
            String verification = statusCode(c.hasVerificationStatus() ? c.getVerificationStatus() : null, CONDITION_VERIFICATION);
            if ("entered-in-error".equals(verification)) {
                entry.ignore(Mapping.STATUS);
                return;
            }
            DateTimeType onsetElement = c.hasOnsetDateTimeType() ? c.getOnsetDateTimeType() : null;
            Instant dated = first(entry, dt(c.hasRecordedDate() ? c.getRecordedDateElement() : null, "/recordedDate"),
                    dt(onsetElement, "/onsetDateTime"));
            if (after(entry, dated) || !entry.singleTarget(target)) {
                return;
            }
            Instant order = firstOr(dated, entry, dt(c.hasRecordedDate() ? c.getRecordedDateElement() : null, "/recordedDate"));
            boolean refuted = "refuted".equals(verification);
            if (target.read() == Read.SYMPTOM) {
                String clinical = statusCode(c.hasClinicalStatus() ? c.getClinicalStatus() : null, CONDITION_CLINICAL);
                boolean present = !refuted && !in(NO_LONGER_PRESENT, clinical);
                String presentPointer = refuted ? entry.pointer + "/verificationStatus"
                        : present ? entry.targetPointer : entry.pointer + "/clinicalStatus";
                Instant onset = present ? instantOf(entry, onsetElement, "/onsetDateTime") : null;
                symptom(target.item(), new SymptomCandidate(entry, order, present, onset, presentPointer));
            } else {
                // Detail 9: a history condition counts whatever its clinicalStatus; a refuted one is not the patient's.
                if (refuted) {
                    entry.ignore(Mapping.STATUS);
                    return;
                }
                conditions.computeIfAbsent(target.item(), k -> new ArrayList<>()).add(new Candidate(entry, order, NODES.textNode(target.item()),
                        Map.of("", entry.targetPointer)));
            }
        }

        // ------------------------------------------------------------------------------------------ CT report

        private void report(Entry entry, DiagnosticReport r) {
            if (!aboutThePatient(r.hasSubject() ? r.getSubject() : null)) {
                entry.ignore(Mapping.NOT_ABOUT_THE_PATIENT);
                return;
            }
            Target target = target(entry, CodeTable.DIAGNOSTIC_REPORT, r.hasCode() ? r.getCode() : null, "/code");
            if (target == null) {
                return;
            }
            if (!in(REPORT_READ, r.hasStatus() ? r.getStatusElement().getValueAsString() : null)) {
                entry.ignore(Mapping.STATUS);
                return;
            }
            Instant dated = first(entry, dt(r.hasEffectiveDateTimeType() ? r.getEffectiveDateTimeType() : null, "/effectiveDateTime"),
                    dt(r.hasEffectivePeriod() ? r.getEffectivePeriod().getStartElement() : null, "/effectivePeriod/start"),
                    dt(r.hasIssued() ? r.getIssuedElement() : null, "/issued"));
            if (after(entry, dated) || !entry.singleTarget(target)) {
                return;
            }
            Instant order = firstOr(dated, entry, dt(r.hasEffectiveDateTimeType() ? r.getEffectiveDateTimeType() : null, "/effectiveDateTime"),
                    dt(r.hasEffectivePeriod() ? r.getEffectivePeriod().getEndElement() : null, "/effectivePeriod/end"),
                    dt(r.hasIssued() ? r.getIssuedElement() : null, "/issued"));
            // Detail 7: conclusion codes of other systems are ignored; a cop code must be a finding.
            List<String> allowed = table.values("/imaging/ct/findings");
            Map<String, String> findings = new LinkedHashMap<>();
            for (int j = 0; j < r.getConclusionCode().size(); j++) {
                List<Coding> codings = r.getConclusionCode().get(j).getCoding();
                for (int k = 0; k < codings.size(); k++) {
                    Coding coding = codings.get(k);
                    if (!CodeTable.COP.equals(coding.getSystem())) {
                        continue;
                    }
                    String at = entry.pointer + "/conclusionCode/" + j + "/coding/" + k + "/code";
                    if (in(allowed, coding.getCode())) {
                        findings.putIfAbsent(coding.getCode(), at);
                    } else {
                        issues.add(new BundleIssue(at, "/imaging/ct/findings",
                                "not a CT finding of the contract (cop codes: " + String.join(", ", allowed) + ")"));
                    }
                }
            }
            ctReports.add(new CtReport(entry, order, findings));
            single("/imaging/ct/performed", new Candidate(entry, order, NODES.booleanNode(true), Map.of("", entry.targetPointer)));
        }

        // ------------------------------------------------------------------------------------------ radiotherapy

        private void procedure(Entry entry, Procedure p) {
            if (!aboutThePatient(p.hasSubject() ? p.getSubject() : null)) {
                entry.ignore(Mapping.NOT_ABOUT_THE_PATIENT);
                return;
            }
            Target target = target(entry, CodeTable.PROCEDURE, p.hasCode() ? p.getCode() : null, "/code");
            if (target == null) {
                return;
            }
            String status = p.hasStatus() ? p.getStatusElement().getValueAsString() : null;
            if (!in(PROCEDURE_READ, status)) {
                entry.ignore(Mapping.STATUS);
                return;
            }
            DateTimeType performedAt = p.hasPerformedDateTimeType() ? p.getPerformedDateTimeType() : null;
            Period period = p.hasPerformedPeriod() ? p.getPerformedPeriod() : null;
            Instant dated = first(entry, dt(period == null ? null : period.getStartElement(), "/performedPeriod/start"),
                    dt(performedAt, "/performedDateTime"));
            if (after(entry, dated) || !entry.singleTarget(target)) {
                return;
            }
            String field = "/history/radiotherapy/" + radiotherapy.size();
            Map<String, String> from = new LinkedHashMap<>();
            // Site: SNOMED breast or thorax (or the cop site), else other.
            Map<String, String> sites = new LinkedHashMap<>();
            List<String> allowed = table.values("/history/radiotherapy/site");
            for (int j = 0; j < p.getBodySite().size(); j++) {
                List<Coding> codings = p.getBodySite().get(j).getCoding();
                for (int k = 0; k < codings.size(); k++) {
                    Coding coding = codings.get(k);
                    String at = entry.pointer + "/bodySite/" + j + "/coding/" + k + "/code";
                    if (CodeTable.SNOMED.equals(coding.getSystem()) && table.standardSite(coding.getCode()) != null) {
                        sites.putIfAbsent(table.standardSite(coding.getCode()), at);
                    } else if (CodeTable.COP.equals(coding.getSystem())) {
                        if (in(allowed, coding.getCode())) {
                            sites.putIfAbsent(coding.getCode(), at);
                        } else {
                            issues.add(new BundleIssue(at, field + "/site",
                                    "not a radiotherapy site of the contract (cop codes: " + String.join(", ", allowed) + ")"));
                            return;
                        }
                    }
                }
            }
            if (sites.size() > 1) {
                issues.add(new BundleIssue(entry.pointer + "/bodySite", field + "/site",
                        "the body sites name different radiotherapy sites (" + String.join(", ", sites.keySet()) + ")"));
                return;
            }
            String site = sites.isEmpty() ? "other" : sites.keySet().iterator().next();
            from.put("/site", sites.isEmpty() ? entry.targetPointer : sites.values().iterator().next());
            Long ended;
            if ("in-progress".equals(status)) {
                // Detail 9: still running, so it ended 0 days ago.
                ended = 0L;
                from.put("/endedDaysAgo", entry.pointer + "/status");
            } else {
                String endPointer = period != null && period.hasEnd() ? "/performedPeriod/end" : "/performedDateTime";
                Instant end = instantOf(entry, period != null && period.hasEnd() ? period.getEndElement() : performedAt, endPointer);
                if (end == null) {
                    issues.add(new BundleIssue(entry.pointer + "/performedPeriod", field + "/endedDaysAgo",
                            "a completed radiotherapy needs its end: performedPeriod.end or performedDateTime"));
                    return;
                }
                ended = daysBefore(end, occurredAt);
                from.put("/endedDaysAgo", entry.pointer + endPointer);
            }
            ObjectNode item = NODES.objectNode();
            item.put("site", site);
            item.set("endedDaysAgo", days(ended));
            radiotherapy.add(new Candidate(entry, null, item, from));
        }

        // ------------------------------------------------------------------------------------------ medications

        private void medicationStatement(Entry entry, MedicationStatement s) {
            if (!aboutThePatient(s.hasSubject() ? s.getSubject() : null)) {
                entry.ignore(Mapping.NOT_ABOUT_THE_PATIENT);
                return;
            }
            String status = s.hasStatus() ? s.getStatusElement().getValueAsString() : null;
            // Detail 8: an intended statement is not yet taken, so no exposure.
            if (status == null || in(MEDICATION_STATEMENT_SKIPPED, status)) {
                entry.ignore(Mapping.STATUS);
                return;
            }
            Period period = s.hasEffectivePeriod() ? s.getEffectivePeriod() : null;
            Instant started = instantOf(entry, period == null ? null : period.getStartElement(), "/effectivePeriod/start");
            Instant dated = started != null ? started : instantOf(entry, s.hasDateAsserted() ? s.getDateAssertedElement() : null, "/dateAsserted");
            if (after(entry, dated)) {
                return;
            }
            Instant end = instantOf(entry, period == null ? null : period.getEndElement(), "/effectivePeriod/end");
            boolean current = ("active".equals(status) || "on-hold".equals(status)) && !(end != null && end.isBefore(occurredAt));
            medication(entry, s.hasMedicationCodeableConcept() ? s.getMedicationCodeableConcept() : null,
                    s.hasMedicationReference() ? s.getMedicationReference() : null, s.getContained(), current,
                    started, "/effectivePeriod/start", current ? null : end, "/effectivePeriod/end");
        }

        private void medicationRequest(Entry entry, MedicationRequest r) {
            if (!aboutThePatient(r.hasSubject() ? r.getSubject() : null)) {
                entry.ignore(Mapping.NOT_ABOUT_THE_PATIENT);
                return;
            }
            String status = r.hasStatus() ? r.getStatusElement().getValueAsString() : null;
            if (status == null || in(MEDICATION_REQUEST_SKIPPED, status)) {
                entry.ignore(Mapping.STATUS);
                return;
            }
            Instant authored = instantOf(entry, r.hasAuthoredOn() ? r.getAuthoredOnElement() : null, "/authoredOn");
            if (after(entry, authored)) {
                return;
            }
            boolean current = "active".equals(status) || "on-hold".equals(status);
            medication(entry, r.hasMedicationCodeableConcept() ? r.getMedicationCodeableConcept() : null,
                    r.hasMedicationReference() ? r.getMedicationReference() : null, r.getContained(), current,
                    authored, "/authoredOn", null, null);
        }

        private void medication(Entry entry, CodeableConcept concept, Reference reference, List<Resource> contained,
                boolean current, Instant started, String startedPointer, Instant stopped, String stoppedPointer) {
            String field = "/history/medications/" + medications.size();
            String conceptPointer = entry.pointer + "/medicationCodeableConcept";
            Entry medicationEntry = null;
            if (concept == null && reference != null) {
                // Detail 8: a contained or referenced Medication is resolved.
                String ref = reference.getReference();
                String refPointer = entry.pointer + "/medicationReference/reference";
                Medication medication = null;
                if (ref != null && ref.startsWith("#")) {
                    for (int j = 0; j < contained.size(); j++) {
                        if (contained.get(j) instanceof Medication m
                                && (ref.equals(m.getId()) || ref.substring(1).equals(m.getIdElement().getIdPart()))) {
                            medication = m;
                            conceptPointer = entry.pointer + "/contained/" + j + "/code";
                        }
                    }
                } else if (ref != null) {
                    medicationEntry = medicationEntry(ref);
                    if (medicationEntry != null) {
                        medication = (Medication) bundle.getEntry().get(medicationEntry.index).getResource();
                        conceptPointer = medicationEntry.pointer + "/code";
                    }
                }
                if (medication == null) {
                    issues.add(new BundleIssue(refPointer, field + "/name", "the reference resolves to no Medication in the Bundle"));
                    return;
                }
                concept = medication.hasCode() ? medication.getCode() : null;
            }
            if (concept == null) {
                issues.add(new BundleIssue(entry.pointer + "/medication[x]", field + "/name",
                        "a medication needs medicationCodeableConcept or a resolvable medicationReference"));
                return;
            }
            String name = concept.hasText() ? concept.getText() : null;
            String namePointer = conceptPointer + "/text";
            if (name == null && concept.hasCoding() && concept.getCodingFirstRep().hasDisplay()) {
                name = concept.getCodingFirstRep().getDisplay();
                namePointer = conceptPointer + "/coding/0/display";
            }
            if (name == null) {
                issues.add(new BundleIssue(conceptPointer, field + "/name",
                        "a medication needs a name: the concept's text or its first coding's display"));
                return;
            }
            ObjectNode item = NODES.objectNode();
            Map<String, String> from = new LinkedHashMap<>();
            item.put("name", name);
            from.put("/name", namePointer);
            for (int j = 0; j < concept.getCoding().size(); j++) {
                Coding coding = concept.getCoding().get(j);
                if (CodeTable.ATC.equals(coding.getSystem()) && coding.hasCode()) {
                    item.put("atcCode", coding.getCode());
                    from.put("/atcCode", conceptPointer + "/coding/" + j + "/code");
                    break;
                }
            }
            item.put("current", current);
            from.put("/current", entry.pointer + "/status");
            if (started != null) {
                item.set("startedDaysAgo", days(daysBefore(started, occurredAt)));
                from.put("/startedDaysAgo", entry.pointer + startedPointer);
            }
            if (stopped != null) {
                item.set("stoppedDaysAgo", days(daysBefore(stopped, occurredAt)));
                from.put("/stoppedDaysAgo", entry.pointer + stoppedPointer);
            }
            medications.add(new Candidate(entry, null, item, from));
            if (medicationEntry != null) {
                medicationEntry.feeds(field);
            }
        }

        private Entry medicationEntry(String reference) {
            var relative = MEDICATION_REFERENCE.matcher(reference);
            for (int i = 0; i < bundle.getEntry().size(); i++) {
                Bundle.BundleEntryComponent component = bundle.getEntry().get(i);
                if (!(component.getResource() instanceof Medication)) {
                    continue;
                }
                JsonNode node = tree.path("entry").path(i);
                if (reference.equals(text(node.path("fullUrl")))
                        || relative.matches() && relative.group(1).equals(text(node.path("resource").path("id")))) {
                    return entries.get(i);
                }
            }
            return null;
        }

        // ------------------------------------------------------------------------------------------ codes

        /**
         * The one target of a resource's code (detail 3), or null: not mapped (the entry is ignored, never validated),
         * or refused (an unknown cop code, a cop code of another resource type: a 400). Several targets are kept on
         * the entry and refused only if the entry is read (status and date filters come first).
         */
        private Target target(Entry entry, String resourceType, CodeableConcept code, String codePointer) {
            Map<String, Target> targets = new LinkedHashMap<>();
            boolean refused = false;
            if (code != null) {
                for (int k = 0; k < code.getCoding().size(); k++) {
                    Coding coding = code.getCoding().get(k);
                    CodeTable.Match match = table.match(resourceType, coding.getSystem(), coding.getCode());
                    String at = entry.pointer + codePointer + "/coding/" + k + "/code";
                    if (match.refused()) {
                        issues.add(BundleIssue.at(at, match.problem()));
                        refused = true;
                    } else if (match.mapped()) {
                        if (targets.putIfAbsent(match.target().key(), match.target()) == null && entry.targetPointer == null) {
                            entry.targetPointer = at;
                        }
                    }
                }
            }
            if (refused) {
                entry.refused = true;
                return null;
            }
            if (targets.isEmpty()) {
                entry.ignore(Mapping.CODE_NOT_MAPPED);
                return null;
            }
            entry.targets = List.copyOf(targets.values());
            entry.codePointer = entry.pointer + codePointer;
            return entry.targets.get(0);
        }

        /** A value of a field's list from a concept: cop codes (and the given standard codes); one value, or a 400. */
        private Coded copValue(CodeableConcept concept, String pointer, String field, List<String> allowed,
                java.util.function.Function<String, String> snomed) {
            Map<String, String> found = new LinkedHashMap<>();
            boolean refused = false;
            for (int k = 0; k < concept.getCoding().size(); k++) {
                Coding coding = concept.getCoding().get(k);
                String at = pointer + "/coding/" + k + "/code";
                if (CodeTable.COP.equals(coding.getSystem())) {
                    if (in(allowed, coding.getCode())) {
                        found.putIfAbsent(coding.getCode(), at);
                    } else {
                        issues.add(new BundleIssue(at, field, "not a value of " + CodeTable.dotted(field.replaceAll("/\\d+", ""))
                                + " (cop codes: " + String.join(", ", allowed) + ")"));
                        refused = true;
                    }
                } else if (snomed != null && CodeTable.SNOMED.equals(coding.getSystem()) && snomed.apply(coding.getCode()) != null) {
                    found.putIfAbsent(snomed.apply(coding.getCode()), at);
                }
            }
            if (refused) {
                return null;
            }
            if (found.size() > 1) {
                issues.add(new BundleIssue(pointer, field, "the codings name different values (" + String.join(", ", found.keySet()) + ")"));
                return null;
            }
            if (found.isEmpty()) {
                issues.add(new BundleIssue(pointer, field, "no coding names a value of "
                        + CodeTable.dotted(field.replaceAll("/\\d+", "")) + " (cop codes: " + String.join(", ", allowed) + ")"));
                return null;
            }
            Map.Entry<String, String> only = found.entrySet().iterator().next();
            return new Coded(only.getKey(), only.getValue());
        }

        /** Detail 2: the UCUM code is normative; converted exactly, a fractional number of days refused. */
        private JsonNode quantity(Quantity quantity, Target target, String pointer) {
            String field = target.field();
            if (quantity.hasComparator()) {
                issues.add(new BundleIssue(pointer + "/comparator", field, "a value with a comparator is not an exact value"));
                return null;
            }
            if (!quantity.hasValue()) {
                issues.add(new BundleIssue(pointer + "/value", field, "the quantity has no value"));
                return null;
            }
            BigDecimal sent = quantity.getValue();
            // Exact arithmetic on 1e999999999 (or on a billion decimals) would take the request thread for minutes; no
            // field of the contract comes near 15 integer digits or 30 decimals.
            if (sent.precision() - sent.scale() > 15 || sent.scale() > 30) {
                issues.add(new BundleIssue(pointer + "/value", field, "the value is outside every range of the contract"));
                return null;
            }
            List<Unit> units = table.units(field);
            String accepted = String.join(", ", units.stream().map(u -> u.ucum().isEmpty() ? "(none)" : u.ucum()).toList());
            String code = quantity.getCode();
            Unit unit = null;
            if (code == null) {
                if (quantity.hasSystem()) {
                    issues.add(new BundleIssue(pointer + "/code", field, "a UCUM code is required (unit is display text)"));
                    return null;
                }
                unit = units.stream().filter(u -> u.ucum().isEmpty()).findFirst().orElse(null);
                if (unit == null) {
                    issues.add(new BundleIssue(pointer + "/code", field,
                            "a UCUM code is required (unit is display text); accepted: " + accepted));
                    return null;
                }
            } else {
                if (!CodeTable.UCUM.equals(quantity.getSystem())) {
                    issues.add(new BundleIssue(pointer + "/system", field, "the unit must be a UCUM code (system " + CodeTable.UCUM + ")"));
                    return null;
                }
                for (Unit candidate : units) {
                    if (candidate.ucum().equals(code)) {
                        unit = candidate;
                    }
                }
                if (unit == null) {
                    issues.add(new BundleIssue(pointer + "/code", field,
                            "this unit cannot be converted to " + CodeTable.dotted(field) + "; accepted UCUM codes: " + accepted));
                    return null;
                }
            }
            BigDecimal value = unit.convert().apply(sent);
            if (target.read() == Read.DAYS) {
                BigDecimal whole = value.stripTrailingZeros();
                if (whole.scale() > 0) {
                    issues.add(new BundleIssue(pointer + "/value", field, "the quantity is not a whole number of days"));
                    return null;
                }
                BigInteger days = whole.toBigIntegerExact();
                return days.bitLength() < 32 ? NODES.numberNode(days.intValue()) : NODES.numberNode(days);
            }
            return NODES.numberNode(value);
        }

        // ------------------------------------------------------------------------------------------ dates

        private record Dated(IPrimitiveType<?> element, String pointer) {
        }

        private Dated dt(IPrimitiveType<?> element, String pointer) {
            return new Dated(element, pointer);
        }

        /** Detail 4: the first of the given dates that is there; null when the resource is undated. */
        private Instant first(Entry entry, Dated... dates) {
            for (Dated date : dates) {
                Instant at = instantOf(entry, date.element, date.pointer);
                if (at != null) {
                    return at;
                }
            }
            return null;
        }

        /** The order of a single-valued field's candidates; a resource dated only by its filter date keeps that. */
        private Instant firstOr(Instant fallback, Entry entry, Dated... dates) {
            Instant at = first(entry, dates);
            return at != null ? at : fallback;
        }

        private Instant instantOf(Entry entry, IPrimitiveType<?> element, String pointer) {
            if (element == null || element.getValueAsString() == null) {
                return null;
            }
            try {
                return instant(element.getValueAsString());
            } catch (DateTimeException | IllegalArgumentException e) {
                issues.add(BundleIssue.at(entry.pointer + pointer, "not a representable date-time"));
                entry.refused = true;
                return null;
            }
        }

        private boolean after(Entry entry, Instant dated) {
            if (entry.refused) {
                return true;
            }
            if (dated != null && dated.isAfter(occurredAt)) {
                entry.ignore(Mapping.AFTER_OCCURRED_AT);
                return true;
            }
            return false;
        }

        // ------------------------------------------------------------------------------------------ candidates

        private void single(String field, Candidate candidate) {
            singles.computeIfAbsent(field, f -> new ArrayList<>()).add(candidate);
        }

        private void symptom(String code, SymptomCandidate candidate) {
            symptoms.computeIfAbsent(code, c -> new ArrayList<>()).add(candidate);
        }

        /** The latest wins; on a tie, the later entry; an undated entry is older than any dated one. */
        private final Comparator<Candidate> latest = Comparator
                .comparing((Candidate c) -> c.order, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparingInt(c -> c.entry.index);

        private void resolveSingles() {
            for (Map.Entry<String, List<Candidate>> field : singles.entrySet()) {
                if (field.getKey().equals("/imaging/ct/performed")) {
                    continue;
                }
                Candidate winner = win(field.getValue());
                take(field.getKey(), winner);
            }
            // Without its own Observation, symptomDurationDays comes from the earliest onset of a present symptom.
            if (!resolved.containsKey("/course/symptomDurationDays")) {
                SymptomCandidate earliest = null;
                for (List<SymptomCandidate> candidates : symptoms.values()) {
                    for (SymptomCandidate candidate : candidates) {
                        if (candidate.onset != null && (earliest == null || candidate.onset.isBefore(earliest.onset))) {
                            earliest = candidate;
                        }
                    }
                }
                if (earliest != null) {
                    resolved.put("/course/symptomDurationDays", days(daysBefore(earliest.onset, occurredAt)));
                    provenance.record("/course/symptomDurationDays", earliest.entry.pointer + "/onsetDateTime");
                    earliest.entry.feeds("/course/symptomDurationDays");
                }
            }
        }

        private Candidate win(List<Candidate> candidates) {
            Candidate winner = candidates.stream().max(latest).orElseThrow();
            for (Candidate candidate : candidates) {
                if (candidate != winner) {
                    candidate.entry.lost = true;
                }
            }
            return winner;
        }

        private void take(String field, Candidate winner) {
            resolved.put(field, winner.value);
            winner.provenance.forEach((sub, pointer) -> provenance.record(field + sub, pointer));
            winner.entry.feeds(field);
        }

        /** Detail 7: the latest of the CT reports and ctPerformed Observations says whether; the latest report what. */
        private void resolveCt() {
            List<Candidate> performed = singles.get("/imaging/ct/performed");
            if (performed == null) {
                return;
            }
            Candidate winner = win(performed);
            take("/imaging/ct/performed", winner);
            CtReport report = ctReports.stream()
                    .max(Comparator.comparing((CtReport r) -> r.order, Comparator.nullsFirst(Comparator.naturalOrder()))
                            .thenComparingInt(r -> r.entry.index))
                    .orElse(null);
            if (report == null || !winner.value.booleanValue() || report.findings.isEmpty()) {
                return;
            }
            ArrayNode findings = NODES.arrayNode();
            int i = 0;
            for (Map.Entry<String, String> finding : report.findings.entrySet()) {
                findings.add(finding.getKey());
                provenance.record("/imaging/ct/findings/" + i++, finding.getValue());
            }
            resolved.put("/imaging/ct/findings", findings);
            report.entry.feeds("/imaging/ct/findings");
        }

        /** Table: when entries disagree, present wins; the latest of the winning side feeds the item. */
        private void resolveSymptoms() {
            ArrayNode list = NODES.arrayNode();
            for (Map.Entry<String, List<SymptomCandidate>> symptom : symptoms.entrySet()) {
                boolean present = symptom.getValue().stream().anyMatch(c -> c.present);
                SymptomCandidate winner = symptom.getValue().stream().filter(c -> c.present == present)
                        .max(Comparator.comparing((SymptomCandidate c) -> c.order, Comparator.nullsFirst(Comparator.naturalOrder()))
                                .thenComparingInt(c -> c.entry.index))
                        .orElseThrow();
                String field = "/symptoms/" + list.size();
                ObjectNode item = list.addObject().put("code", symptom.getKey());
                if (!present) {
                    item.put("present", false);
                    provenance.record(field + "/present", winner.presencePointer);
                }
                provenance.record(field + "/code", winner.entry.targetPointer);
                winner.entry.feeds(field);
                symptom.getValue().stream().filter(c -> c != winner).forEach(c -> c.entry.lost = true);
            }
            if (!list.isEmpty()) {
                resolved.put("/symptoms", list);
            }
        }

        private void resolveList(Map<String, List<Candidate>> items, String field) {
            ArrayNode list = NODES.arrayNode();
            for (List<Candidate> candidates : items.values()) {
                if (candidates.isEmpty()) {
                    continue;
                }
                take(field + "/" + list.size(), win(candidates));
                list.add(resolved.remove(field + "/" + list.size()));
            }
            if (!list.isEmpty()) {
                resolved.put(field, list);
            }
        }

        private void resolveItems(List<Candidate> items, String field) {
            ArrayNode list = NODES.arrayNode();
            for (Candidate item : items) {
                take(field + "/" + list.size(), item);
                list.add(resolved.remove(field + "/" + list.size()));
            }
            if (!list.isEmpty()) {
                resolved.put(field, list);
            }
        }

        // ------------------------------------------------------------------------------------------ output

        /** The event's objects in the schema's order; an object with nothing in it is left out. */
        private void assemble(ObjectNode into, String path) {
            for (String name : table.contract().properties(path.isEmpty() ? "" : path)) {
                String field = path + "/" + name;
                JsonNode value = resolved.get(field);
                if (value != null) {
                    into.set(name, value);
                } else if ("object".equals(table.contract().type(field))) {
                    ObjectNode child = NODES.objectNode();
                    assemble(child, field);
                    if (!child.isEmpty()) {
                        into.set(name, child);
                    }
                }
            }
        }

        private Mapping mapping() {
            List<Mapping.Used> used = new ArrayList<>();
            List<Mapping.Ignored> ignored = new ArrayList<>();
            for (Entry entry : entries) {
                if (!entry.fields.isEmpty()) {
                    for (String field : entry.fields) {
                        used.add(new Mapping.Used(entry.pointer, entry.resourceType, field));
                    }
                } else {
                    String reason = entry.reason != null ? entry.reason
                            : entry.lost || entry.targets != null ? Mapping.SUPERSEDED : Mapping.CODE_NOT_MAPPED;
                    ignored.add(new Mapping.Ignored(entry.pointer, entry.resourceType, reason));
                }
            }
            return new Mapping(used, ignored);
        }

        // ------------------------------------------------------------------------------------------ small helpers

        private boolean noValue(Entry entry, Type value) {
            if (value == null || value.isEmpty() || value instanceof IPrimitiveType<?> primitive && !primitive.hasValue()) {
                entry.ignore(Mapping.NO_VALUE);
                return true;
            }
            return false;
        }

        private void wrongType(String pointer, String field, String expected) {
            issues.add(new BundleIssue(pointer, field, "this code is read from " + expected));
        }

        private String statusCode(CodeableConcept concept, String system) {
            if (concept == null) {
                return null;
            }
            for (Coding coding : concept.getCoding()) {
                if ((coding.getSystem() == null || system.equals(coding.getSystem())) && coding.hasCode()) {
                    return coding.getCode();
                }
            }
            return null;
        }

        private static boolean hasCoding(CodeableConcept concept, String system, String code) {
            return concept != null && concept.getCoding().stream()
                    .anyMatch(c -> system.equals(c.getSystem()) && code.equals(c.getCode()));
        }

        private static String capitalized(String type) {
            return Character.toUpperCase(type.charAt(0)) + type.substring(1);
        }

        private static String text(JsonNode node) {
            return node != null && node.isTextual() ? node.textValue() : null;
        }

        // ------------------------------------------------------------------------------------------ state records

        /** What became of one Bundle entry. */
        private final class Entry {
            final int index;
            final String pointer;
            final String resourceType;
            final Set<String> fields = new LinkedHashSet<>();
            String reason;
            boolean lost;
            boolean refused;
            List<Target> targets;
            String targetPointer;
            String codePointer;

            Entry(int index, String pointer, String resourceType) {
                this.index = index;
                this.pointer = pointer;
                this.resourceType = resourceType;
            }

            void ignore(String why) {
                if (reason == null) {
                    reason = why;
                }
            }

            void feeds(String field) {
                fields.add(field);
            }

            /** Detail 3: several codings are fine while every mapped one names the same field. */
            boolean singleTarget(Target first) {
                if (targets.size() > 1) {
                    issues.add(BundleIssue.at(codePointer, "the codings name different fields ("
                            + String.join(", ", targets.stream().map(t -> CodeTable.dotted(t.field())
                                    + (t.item() == null ? "" : " " + t.item())).toList()) + ")"));
                    refused = true;
                    return false;
                }
                return true;
            }
        }

        private record Candidate(Entry entry, Instant order, JsonNode value, Map<String, String> provenance) {
        }

        private record SymptomCandidate(Entry entry, Instant order, boolean present, Instant onset, String presencePointer) {
        }

        private record CtReport(Entry entry, Instant order, Map<String, String> findings) {
        }

        private record Coded(String code, String pointer) {
        }
    }
}
