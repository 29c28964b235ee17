package org.coppipeline.exclusion.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The knowledge base's list of drugs reported to cause organizing pneumonia (op-inducing-drugs.csv).
 * Name matching is the main key; the ATC prefixes are unverified ([U]) and some drugs have several ATC
 * codes, so a prefix match is a second way in, never the only one.
 */
public final class OpDrugList {

    static final String HEADER = "name,atc_prefix,group,source";

    /** One row of the list; {@code atcPrefix} is empty for drugs without an ATC code (name match only). */
    public record OpDrug(String name, String atcPrefix, String group, String source) {
        public OpDrug {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(atcPrefix, "atcPrefix");
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(source, "source");
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
     * Parses the CSV text: a header {@value #HEADER}, then one drug a line, four comma-separated fields,
     * no quoting (the shared file needs none). A malformed file is refused with its line number, so a
     * broken copy fails the start instead of silently matching nothing.
     */
    public static OpDrugList parse(String csv) {
        Objects.requireNonNull(csv, "csv");
        String[] lines = csv.replace("\uFEFF", "").split("\\R", -1);
        if (!lines[0].strip().equals(HEADER)) {
            throw new IllegalArgumentException("drug list: line 1 must be the header '" + HEADER + "'");
        }
        List<OpDrug> drugs = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split(",", -1);
            if (fields.length != 4) {
                throw new IllegalArgumentException("drug list: line " + (i + 1) + " has " + fields.length
                        + " fields, expected 4");
            }
            String name = fields[0].strip();
            String source = fields[3].strip();
            if (name.isEmpty() || source.isEmpty()) {
                throw new IllegalArgumentException("drug list: line " + (i + 1) + " lacks a name or a source");
            }
            drugs.add(new OpDrug(name, fields[1].strip().toUpperCase(Locale.ROOT), fields[2].strip(), source));
        }
        if (drugs.isEmpty()) {
            throw new IllegalArgumentException("drug list: no drugs");
        }
        return new OpDrugList(drugs);
    }

    public List<OpDrug> drugs() {
        return drugs;
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
