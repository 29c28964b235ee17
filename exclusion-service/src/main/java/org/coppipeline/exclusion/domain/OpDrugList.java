package org.coppipeline.exclusion.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The knowledge base's list of drugs reported to cause organizing pneumonia (op-inducing-drugs.csv).
 * Name matching is the main key; the ATC prefixes are unverified ([U]) and some drugs have several ATC
 * codes, so a prefix match is a second way in, never the only one.
 */
public final class OpDrugList {

    /** The v1 file's header; v2 adds the column {@code window_days}. Both are read. */
    static final String HEADER = "name,atc_prefix,group,source";
    static final String HEADER_WITH_WINDOW = HEADER + ",window_days";

    /**
     * Sources that knowledge v2 introduced ("Knowledge v2" of cop-knowledge.md, "New source"): their rows are v2
     * additions, which the v1 list leaves out so that v1 matches exactly the drugs it always matched.
     */
    static final Set<String> SOURCES_ADDED_IN_V2 = Set.of("Alnimer-2016");

    /**
     * One row of the list; {@code atcPrefix} is empty for drugs without an ATC code (name match only);
     * {@code windowDays} is the drug's own window after stopping (v2), {@code null} when the list gives none.
     */
    public record OpDrug(String name, String atcPrefix, String group, String source, Integer windowDays) {
        public OpDrug {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(atcPrefix, "atcPrefix");
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(source, "source");
            if (windowDays != null && windowDays < 0) {
                throw new IllegalArgumentException("window_days must be 0 days or more");
            }
        }

        /** A row without a window of its own. */
        public OpDrug(String name, String atcPrefix, String group, String source) {
            this(name, atcPrefix, group, source, null);
        }
    }

    /** How a medication was found on the list. */
    public enum MatchedBy {
        NAME, ATC_PREFIX
    }

    /** A medication of the case that is on the list. */
    public record DrugMatch(CauseInput.Medication medication, OpDrug drug, MatchedBy matchedBy) {
    }

    private final List<OpDrug> drugs;
    /**
     * The first row of each name, lower-cased: every medication of every case is looked up, so by hash rather than
     * by scanning the list. Only used while all names are ASCII, where lower-casing is exactly equalsIgnoreCase;
     * otherwise (and for a non-ASCII medication name) the list is scanned as the contract reads it.
     */
    private final Map<String, OpDrug> byAsciiName;
    private final boolean asciiNames;

    private OpDrugList(List<OpDrug> drugs) {
        this.drugs = List.copyOf(drugs);
        Map<String, OpDrug> byName = new HashMap<>();
        boolean ascii = true;
        for (OpDrug drug : this.drugs) {
            ascii &= isAscii(drug.name());
            byName.putIfAbsent(drug.name().toLowerCase(Locale.ROOT), drug);
        }
        this.asciiNames = ascii;
        this.byAsciiName = Map.copyOf(byName);
    }

    public static OpDrugList of(List<OpDrug> drugs) {
        return new OpDrugList(drugs);
    }

    /**
     * Parses the CSV text: a header {@value #HEADER_WITH_WINDOW} (or the v1 header {@value #HEADER}), then one drug
     * a line with as many comma-separated fields as the header, no quoting (the shared file needs none); an empty
     * window_days means the drug has no window of its own. A malformed file is refused with its line number, so a
     * broken copy fails the start instead of silently matching nothing.
     */
    public static OpDrugList parse(String csv) {
        Objects.requireNonNull(csv, "csv");
        String[] lines = csv.replace("\uFEFF", "").split("\\R", -1);
        String header = lines[0].strip();
        if (!header.equals(HEADER) && !header.equals(HEADER_WITH_WINDOW)) {
            throw new IllegalArgumentException("drug list: line 1 must be the header '" + HEADER_WITH_WINDOW
                    + "' (or '" + HEADER + "')");
        }
        int columns = header.split(",").length;
        List<OpDrug> drugs = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split(",", -1);
            if (fields.length != columns) {
                throw new IllegalArgumentException("drug list: line " + (i + 1) + " has " + fields.length
                        + " fields, expected " + columns);
            }
            String name = fields[0].strip();
            String source = fields[3].strip();
            if (name.isEmpty() || source.isEmpty()) {
                throw new IllegalArgumentException("drug list: line " + (i + 1) + " lacks a name or a source");
            }
            Integer windowDays = columns == 5 ? windowDays(fields[4].strip(), i + 1) : null;
            drugs.add(new OpDrug(name, fields[1].strip().toUpperCase(Locale.ROOT), fields[2].strip(), source, windowDays));
        }
        if (drugs.isEmpty()) {
            throw new IllegalArgumentException("drug list: no drugs");
        }
        return new OpDrugList(drugs);
    }

    private static Integer windowDays(String field, int lineNumber) {
        if (field.isEmpty()) {
            return null;
        }
        if (!field.matches("[0-9]{1,5}")) {
            throw new IllegalArgumentException("drug list: line " + lineNumber + " has a window_days that is not a whole"
                    + " number of days");
        }
        return Integer.valueOf(field);
    }

    public List<OpDrug> drugs() {
        return drugs;
    }

    /**
     * The list as knowledge v1 knew it: without the rows v2 added ({@link #SOURCES_ADDED_IN_V2}). v1 also ignores
     * window_days, which only v2's window reads.
     */
    public OpDrugList v1Rows() {
        List<OpDrug> v1 = new ArrayList<>(drugs.size());
        for (OpDrug drug : drugs) {
            if (!SOURCES_ADDED_IN_V2.contains(drug.source())) {
                v1.add(drug);
            }
        }
        return new OpDrugList(v1);
    }

    /**
     * EX-DRUG-LIST: the list entry a medication matches, by name (trimmed, case-insensitive, the main key)
     * or else by its ATC code starting with a row's prefix (the longest prefix wins, then file order).
     */
    public Optional<DrugMatch> match(CauseInput.Medication medication) {
        OpDrug byName = byName(medication.displayName());
        if (byName != null) {
            return Optional.of(new DrugMatch(medication, byName, MatchedBy.NAME));
        }
        String atc = medication.atcCode() == null ? "" : medication.atcCode().strip().toUpperCase(Locale.ROOT);
        if (atc.isEmpty()) {
            return Optional.empty();
        }
        OpDrug longest = null;
        for (OpDrug drug : drugs) {
            boolean matches = !drug.atcPrefix().isEmpty() && atc.startsWith(drug.atcPrefix());
            if (matches && (longest == null || drug.atcPrefix().length() > longest.atcPrefix().length())) {
                longest = drug;
            }
        }
        return longest == null ? Optional.empty() : Optional.of(new DrugMatch(medication, longest, MatchedBy.ATC_PREFIX));
    }

    /** The first row whose name equals {@code name} ignoring case, or null. */
    private OpDrug byName(String name) {
        if (asciiNames && isAscii(name)) {
            return byAsciiName.get(name.toLowerCase(Locale.ROOT));
        }
        for (OpDrug drug : drugs) {
            if (drug.name().equalsIgnoreCase(name)) {
                return drug;
            }
        }
        return null;
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
