package org.coppipeline.exclusion.domain;

import java.util.List;

/**
 * Every rule line of cop-knowledge.md section 4.2, with its id, citation keys and mark spelled exactly as
 * there, followed by the exclusion-stage lines of its "Knowledge v2" table (a test compares this enum with the
 * copied knowledge file). The mark of the rule line is what counts, not the marks of the sources it cites.
 * A v2 line whose id is already a v1 line (EX-INF-EXCLUDED, EX-DRUG-WINDOW) is that rule's v2 meaning: same id,
 * its own sources; the version of the section says which meaning applied.
 */
public enum CauseRule {
    EX_INF_POSITIVE("EX-INF-POSITIVE", Mark.V, "Choi-2021", "BMJ-BP", "Raghu&Meyer-2021"),
    EX_INF_EXCLUDED("EX-INF-EXCLUDED", Mark.U, "Raghu&Meyer-2021", "BMJ-BP", "DESIGN"),
    EX_INF_INCOMPLETE("EX-INF-INCOMPLETE", Mark.U, "Raghu&Meyer-2021", "DESIGN"),
    EX_INF_NOT_ASSESSED("EX-INF-NOT-ASSESSED", Mark.V, "Raghu&Meyer-2021", "KoreanGL-2025"),

    EX_DRUG_NOT_ASSESSED("EX-DRUG-NOT-ASSESSED", Mark.V, "Camus-2004", "KoreanGL-2025"),
    EX_DRUG_LIST("EX-DRUG-LIST", Mark.V, "BMJ-BP", "Nishino-2016", "Radzikowska&Fijolek-2023"),
    EX_DRUG_WINDOW("EX-DRUG-WINDOW", Mark.U, "Camus-2004", "Nishino-2016", "DESIGN"),
    EX_DRUG_EXCLUDED("EX-DRUG-EXCLUDED", Mark.U, "BMJ-BP", "Pneumotox", "DESIGN"),

    EX_RT_NOT_ASSESSED("EX-RT-NOT-ASSESSED", Mark.V, "Oie-2013", "KoreanGL-2025"),
    EX_RT_BREAST("EX-RT-BREAST", Mark.V, "Oie-2013", "IJMS-RIOP-2017"),
    EX_RT_THORAX("EX-RT-THORAX", Mark.U, "DESIGN", "Oie-2013"),
    EX_RT_WINDOW("EX-RT-WINDOW", Mark.U, "Oie-2013", "IJMS-RIOP-2017", "DESIGN"),
    EX_RT_EXCLUDED("EX-RT-EXCLUDED", Mark.U, "DESIGN"),

    EX_CTD_CONDITION("EX-CTD-CONDITION", Mark.V, "BMJ-BP", "Zhou-CRD"),
    EX_CTD_SEROLOGY("EX-CTD-SEROLOGY", Mark.U, "BMJ-BP", "Fischer-2009", "DESIGN"),
    EX_CTD_INCOMPLETE("EX-CTD-INCOMPLETE", Mark.V, "KoreanGL-2025"),
    EX_CTD_EXCLUDED("EX-CTD-EXCLUDED", Mark.U, "Fischer-2009", "Zhou-CRD", "DESIGN"),
    EX_CTD_NOT_ASSESSED("EX-CTD-NOT-ASSESSED", Mark.V, "KoreanGL-2025"),

    EX_HEME_CONDITION("EX-HEME-CONDITION", Mark.V, "BMJ-BP", "Choi-2021"),
    EX_HEME_BAL_MALIGNANT("EX-HEME-BAL-MALIGNANT", Mark.U, "Choi-2021", "Epler-2001", "DESIGN"),
    EX_HEME_INCOMPLETE("EX-HEME-INCOMPLETE", Mark.U, "BMJ-BP", "DESIGN"),
    EX_HEME_EXCLUDED("EX-HEME-EXCLUDED", Mark.U, "DESIGN"),
    EX_HEME_NOT_ASSESSED("EX-HEME-NOT-ASSESSED", Mark.V, "KoreanGL-2025"),

    EX_IBD_NOT_ASSESSED("EX-IBD-NOT-ASSESSED", Mark.V, "KoreanGL-2025"),
    EX_IBD_PRESENT("EX-IBD-PRESENT", Mark.V, "BMJ-BP", "GARD"),
    EX_IBD_EXCLUDED("EX-IBD-EXCLUDED", Mark.U, "DESIGN"),
    EX_TRANSPLANT_NOT_ASSESSED("EX-TRANSPLANT-NOT-ASSESSED", Mark.V, "KoreanGL-2025"),
    EX_TRANSPLANT_PRESENT("EX-TRANSPLANT-PRESENT", Mark.V, "BMJ-BP", "CIBMTR-PMC9197865"),
    EX_TRANSPLANT_EXCLUDED("EX-TRANSPLANT-EXCLUDED", Mark.U, "DESIGN"),
    EX_ASPIRATION_NOT_ASSESSED("EX-ASPIRATION-NOT-ASSESSED", Mark.V, "KoreanGL-2025"),
    EX_ASPIRATION_PRESENT("EX-ASPIRATION-PRESENT", Mark.V, "BMJ-BP", "Raghu&Meyer-2021"),
    EX_ASPIRATION_EXCLUDED("EX-ASPIRATION-EXCLUDED", Mark.U, "DESIGN"),

    OP_UNLIKELY_HISTOLOGY("OP-UNLIKELY-HISTOLOGY", Mark.U, "ATS/ERS-2013", "Cordier-2006", "DESIGN"),
    OP_UNLIKELY_ABX("OP-UNLIKELY-ABX", Mark.U, "Raghu&Meyer-2021", "Shimoda-2023", "DESIGN"),
    OP_UNLIKELY_BAL_EOS("OP-UNLIKELY-BAL-EOS", Mark.U, "Al-Ghanem-2008", "DESIGN"),
    OP_UNLIKELY_HONEYCOMB("OP-UNLIKELY-HONEYCOMB", Mark.V, "Epler-1985", "Lazor-2014"),
    OP_UNLIKELY_MASS("OP-UNLIKELY-MASS", Mark.U, "Cordier-1989", "Epler-2001", "DESIGN"),
    OP_UNLIKELY_CAVITATION("OP-UNLIKELY-CAVITATION", Mark.U, "DESIGN", "Epler-2001"),
    OP_CONFIRMED_HISTOLOGY("OP-CONFIRMED-HISTOLOGY", Mark.V, "Cordier-2006", "Epler-1985", "Epler-2001"),
    OP_PROBABLE_CT("OP-PROBABLE-CT", Mark.V, "KoreanGL-2021", "Faria-2015", "Ujita-2004", "MSD", "Maturu-2014"),
    OP_SUSPECTED_NO_CT("OP-SUSPECTED-NO-CT", Mark.U, "DESIGN"),
    OP_UNLIKELY_DEFAULT("OP-UNLIKELY-DEFAULT", Mark.U, "DESIGN"),

    CX_OP_UNLIKELY("CX-OP-UNLIKELY", Mark.U, "DESIGN"),
    CX_SUSPECTED("CX-SUSPECTED", Mark.V, "MSD", "KoreanGL-2021"),
    CX_SECONDARY("CX-SECONDARY", Mark.V, "Cordier-2006", "Raghu&Meyer-2021", "Choi-2021", "Drakopanagiotakis-2011"),
    CX_COP_CONFIRMED("CX-COP-CONFIRMED", Mark.V, "Cordier-2006", "ATS/ERS-2013", "Zhang-2020"),
    CX_COP_PROBABLE("CX-COP-PROBABLE", Mark.U, "MSD", "Cordier-2006", "DESIGN"),
    CX_WORKUP_INCOMPLETE("CX-WORKUP-INCOMPLETE", Mark.V, "Raghu&Meyer-2021", "KoreanGL-2025"),
    CX_NEVER_COP_UNEXCLUDED("CX-NEVER-COP-UNEXCLUDED", Mark.V, "Raghu&Meyer-2021", "KoreanGL-2025", "Zhang-2020"),

    // Knowledge v2 (cop-knowledge.md "Knowledge v2"): new meanings of v1 ids, then new ids.
    EX_INF_EXCLUDED_V2("EX-INF-EXCLUDED", KnowledgeVersion.V2, Mark.U, "BMJ-BP", "Cordier-2006"),
    EX_DRUG_WINDOW_V2("EX-DRUG-WINDOW", KnowledgeVersion.V2, Mark.U, "BMJ-BP"),
    EX_DRUG_AMIODARONE_WINDOW("EX-DRUG-AMIODARONE-WINDOW", KnowledgeVersion.V2, Mark.U, "BMJ-BP"),
    OP_HISTOLOGY_SMALL_BIOPSY("OP-HISTOLOGY-SMALL-BIOPSY", KnowledgeVersion.V2, Mark.U, "Epler-2001"),
    OP_CT_ATYPICAL_NOT_AGAINST("OP-CT-ATYPICAL-NOT-AGAINST", KnowledgeVersion.V2, Mark.U, "Cordier-1989", "Cordier-2006"),
    OP_REVERSED_HALO_IMMUNOCOMPROMISED("OP-REVERSED-HALO-IMMUNOCOMPROMISED", KnowledgeVersion.V2, Mark.V, "Maturu-2014"),
    OP_ALT_MALIGNANCY("OP-ALT-MALIGNANCY", KnowledgeVersion.V2, Mark.U, "Cordier-1989");

    private final String id;
    private final KnowledgeVersion defined;
    private final Mark mark;
    private final List<String> citations;

    CauseRule(String id, Mark mark, String... citations) {
        this(id, KnowledgeVersion.V1, mark, citations);
    }

    CauseRule(String id, KnowledgeVersion defined, Mark mark, String... citations) {
        this.id = id;
        this.defined = defined;
        this.mark = mark;
        this.citations = List.of(citations);
    }

    /** The knowledge version whose table defines this line (a v1 line stays in force in v2 unless v2 replaces it). */
    public KnowledgeVersion defined() {
        return defined;
    }

    /** The rule id exactly as in cop-knowledge.md. */
    public String id() {
        return id;
    }

    /** Citation keys of cop-knowledge.md, in the order the rule line gives them. */
    public List<String> citations() {
        return citations;
    }

    public Mark mark() {
        return mark;
    }
}
