package org.coppipeline.treatment.domain;

import static org.coppipeline.treatment.domain.Mark.U;
import static org.coppipeline.treatment.domain.Mark.V;

import java.util.ArrayList;
import java.util.List;

/**
 * The rule lines of cop-knowledge.md that this service applies or refers to, spelled exactly as there: rule id,
 * citation keys in their order, and the mark of the line (the v1 tables, then the "Knowledge v2" table). A test
 * compares every entry with the copied knowledge file, so a change there without a change here fails the build.
 */
public final class Knowledge {

    // 4.3 severity
    public static final RuleSource SV_SEVERE_SPO2 = RuleSource.of("SV-SEVERE-SPO2", U, "BMJ-BP", "DESIGN");
    public static final RuleSource SV_SEVERE_INVASIVE = RuleSource.of("SV-SEVERE-INVASIVE", V, "BMJ-BP");
    public static final RuleSource SV_SEVERE_NIV_HFNC = RuleSource.of("SV-SEVERE-NIV-HFNC", U, "BMJ-BP", "ERJOpenRes-2023", "DESIGN");
    public static final RuleSource SV_SEVERE_RAPID = RuleSource.of("SV-SEVERE-RAPID", V, "BMJ-BP");
    public static final RuleSource SV_MILD_SPO2 = RuleSource.of("SV-MILD-SPO2", U, "DESIGN");
    public static final RuleSource SV_MILD_IMPROVING = RuleSource.of("SV-MILD-IMPROVING", U, "Shimoda-2023", "GARD", "Zhang-2020", "DESIGN");
    public static final RuleSource SV_MILD_CRP = RuleSource.of("SV-MILD-CRP", U, "Shimoda-2023", "DESIGN");
    public static final RuleSource SV_MODERATE = RuleSource.of("SV-MODERATE", U, "BMJ-BP", "DESIGN");

    // 4.3 recommendation and the infection gate
    public static final RuleSource TX_REC_NO_OP = RuleSource.of("TX-REC-NO-OP", U, "DESIGN");
    public static final RuleSource TX_REC_TREAT_CAUSE = RuleSource.of("TX-REC-TREAT-CAUSE", V, "Camus-2004", "Choi-2021", "Raghu&Meyer-2021");
    public static final RuleSource TX_REC_IV_PENDING_WORKUP = RuleSource.of("TX-REC-IV-PENDING-WORKUP", U, "BMJ-BP", "Raghu&Meyer-2021", "DESIGN");
    public static final RuleSource TX_REC_COMPLETE_WORKUP = RuleSource.of("TX-REC-COMPLETE-WORKUP", V, "Raghu&Meyer-2021", "KoreanGL-2025");
    public static final RuleSource TX_REC_IV_SEVERE = RuleSource.of("TX-REC-IV-SEVERE", V, "BMJ-BP");
    public static final RuleSource TX_REC_RELAPSE = RuleSource.of("TX-REC-RELAPSE", V, "Lazor-2000", "Barroso-2007");
    public static final RuleSource TX_REC_OBSERVE = RuleSource.of("TX-REC-OBSERVE", U, "Shimoda-2023", "Zhang-2020", "Cordier-1989", "DESIGN");
    public static final RuleSource TX_REC_ORAL = RuleSource.of("TX-REC-ORAL", V, "BMJ-BP", "Cordier-2006", "Barroso-2007");
    public static final RuleSource TX_GATE_INFECTION = RuleSource.of("TX-GATE-INFECTION", V, "Raghu&Meyer-2021", "KoreanGL-2025");

    // 4.3 regimens and the clarithromycin alternative
    public static final RuleSource TX_ORAL_PRED = RuleSource.of("TX-ORAL-PRED", U, "Lazor-2000", "Cordier-2006", "GERMOP-CAM-2018", "Radzikowska-2017", "BMJ-BP");
    public static final RuleSource TX_DOSE_ROUNDING = RuleSource.of("TX-DOSE-ROUNDING", U, "DESIGN");
    public static final RuleSource TX_WEIGHT_MISSING = RuleSource.of("TX-WEIGHT-MISSING", U, "DESIGN");
    public static final RuleSource TX_IV_MP = RuleSource.of("TX-IV-MP", U, "BMJ-BP", "DESIGN");
    public static final RuleSource TX_RELAPSE_PRED = RuleSource.of("TX-RELAPSE-PRED", U, "Lazor-2000", "Cordier-2006", "DESIGN");
    public static final RuleSource TX_ALT_CLARITHRO = RuleSource.of("TX-ALT-CLARITHRO", V, "Radzikowska-2017", "BMJ-BP", "Zhou-CRD");
    public static final RuleSource TX_ALT_CLARITHRO_ELIGIBLE = RuleSource.of("TX-ALT-CLARITHRO-ELIGIBLE", U, "Radzikowska-2017", "DESIGN");
    public static final RuleSource TX_ALT_CLARITHRO_EVIDENCE = RuleSource.of("TX-ALT-CLARITHRO-EVIDENCE", V, "GERMOP-CAM-2018", "BMJ-BP");
    public static final RuleSource TX_ALT_CLARITHRO_CAUTION = RuleSource.of("TX-ALT-CLARITHRO-CAUTION", U, "DESIGN");

    // 4.3 precautions
    public static final RuleSource PC_PJP = RuleSource.of("PC-PJP", V, "Limper-2011");
    public static final RuleSource PC_BONE = RuleSource.of("PC-BONE", V, "ACR-GIOP-2022");
    public static final RuleSource PC_GLUCOSE = RuleSource.of("PC-GLUCOSE", U, "DESIGN");
    public static final RuleSource PC_GLUCOSE_DIABETES = RuleSource.of("PC-GLUCOSE-DIABETES", U, "DESIGN");
    public static final RuleSource PC_RELAPSE_WATCH = RuleSource.of("PC-RELAPSE-WATCH", U, "Lazor-2000", "Zhou-CRD", "DESIGN");

    // 4.2 conclusion lines, cited when the upstream assessment contradicts itself
    public static final RuleSource CX_OP_UNLIKELY = RuleSource.of("CX-OP-UNLIKELY", U, "DESIGN");
    public static final RuleSource CX_SUSPECTED = RuleSource.of("CX-SUSPECTED", V, "MSD", "KoreanGL-2021");
    public static final RuleSource CX_SECONDARY = RuleSource.of("CX-SECONDARY", V, "Cordier-2006", "Raghu&Meyer-2021", "Choi-2021", "Drakopanagiotakis-2011");
    public static final RuleSource CX_COP_CONFIRMED = RuleSource.of("CX-COP-CONFIRMED", V, "Cordier-2006", "ATS/ERS-2013", "Zhang-2020");
    public static final RuleSource CX_COP_PROBABLE = RuleSource.of("CX-COP-PROBABLE", U, "MSD", "Cordier-2006", "DESIGN");
    public static final RuleSource CX_WORKUP_INCOMPLETE = RuleSource.of("CX-WORKUP-INCOMPLETE", V, "Raghu&Meyer-2021", "KoreanGL-2025");
    public static final RuleSource CX_NEVER_COP_UNEXCLUDED = RuleSource.of("CX-NEVER-COP-UNEXCLUDED", V, "Raghu&Meyer-2021", "KoreanGL-2025", "Zhang-2020");

    // Knowledge v2 (CONTRACT 9 "4.3 v2"): rules that v2 adds; every v1 rule above still applies under v2
    public static final RuleSource SV_EXTENT = RuleSource.of("SV-EXTENT", U, "BMJ-BP", "ERJOpenRes-2023");
    public static final RuleSource TX_SECONDARY_GC = RuleSource.of("TX-SECONDARY-GC", U, "GERMOP-CAM-2018", "IJMS-RIOP-2017", "Nishino-2016", "BMJ-BP");
    public static final RuleSource TX_CAUSE_ACTIONS = RuleSource.of("TX-CAUSE-ACTIONS", U, "BMJ-BP");

    private static final List<RuleSource> V1 = List.of(SV_SEVERE_SPO2, SV_SEVERE_INVASIVE, SV_SEVERE_NIV_HFNC, SV_SEVERE_RAPID,
            SV_MILD_SPO2, SV_MILD_IMPROVING, SV_MILD_CRP, SV_MODERATE, TX_REC_NO_OP, TX_REC_TREAT_CAUSE, TX_REC_IV_PENDING_WORKUP,
            TX_REC_COMPLETE_WORKUP, TX_REC_IV_SEVERE, TX_REC_RELAPSE, TX_REC_OBSERVE, TX_REC_ORAL, TX_GATE_INFECTION,
            TX_ORAL_PRED, TX_DOSE_ROUNDING, TX_WEIGHT_MISSING, TX_IV_MP, TX_RELAPSE_PRED, TX_ALT_CLARITHRO,
            TX_ALT_CLARITHRO_ELIGIBLE, TX_ALT_CLARITHRO_EVIDENCE, TX_ALT_CLARITHRO_CAUTION, PC_PJP, PC_BONE,
            PC_GLUCOSE, PC_GLUCOSE_DIABETES, PC_RELAPSE_WATCH, CX_OP_UNLIKELY, CX_SUSPECTED, CX_SECONDARY,
            CX_COP_CONFIRMED, CX_COP_PROBABLE, CX_WORKUP_INCOMPLETE, CX_NEVER_COP_UNEXCLUDED);
    private static final List<RuleSource> V2_ADDITIONS = List.of(SV_EXTENT, TX_SECONDARY_GC, TX_CAUSE_ACTIONS);
    private static final List<RuleSource> V2 = concat(V1, V2_ADDITIONS);

    /** Every v1 entry, for the test that checks them against the v1 tables of the knowledge file. */
    public static List<RuleSource> v1() {
        return V1;
    }

    /** The entries v2 adds, for the test that checks them against the "Knowledge v2" table. */
    public static List<RuleSource> v2Additions() {
        return V2_ADDITIONS;
    }

    /** Every rule a plan made with {@code version} may cite. */
    public static List<RuleSource> citableUnder(KnowledgeVersion version) {
        return version == KnowledgeVersion.V1 ? V1 : V2;
    }

    private static List<RuleSource> concat(List<RuleSource> first, List<RuleSource> second) {
        List<RuleSource> all = new ArrayList<>(first);
        all.addAll(second);
        return List.copyOf(all);
    }

    private Knowledge() {
    }
}
