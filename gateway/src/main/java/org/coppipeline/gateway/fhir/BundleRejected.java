package org.coppipeline.gateway.fhir;

import java.util.List;

/**
 * A Bundle the gateway will not map: not JSON, not FHIR R4, too large, or a value the contract cannot take. The
 * message names the kind only; the issues carry the pointers. Nothing in it quotes the Bundle.
 */
public class BundleRejected extends RuntimeException {

    public enum Kind {
        /** Not well-formed JSON (or not readable as such). */
        MALFORMED,
        /** Over the body limit. */
        TOO_LARGE,
        /** JSON, but not an R4 Bundle the contract can map. */
        INVALID
    }

    private final Kind kind;
    private final List<BundleIssue> issues;

    public BundleRejected(Kind kind, List<BundleIssue> issues) {
        super(kind.name(), null, false, false);
        this.kind = kind;
        this.issues = List.copyOf(issues);
    }

    public static BundleRejected invalid(List<BundleIssue> issues) {
        return new BundleRejected(Kind.INVALID, issues);
    }

    public Kind kind() {
        return kind;
    }

    public List<BundleIssue> issues() {
        return issues;
    }
}
