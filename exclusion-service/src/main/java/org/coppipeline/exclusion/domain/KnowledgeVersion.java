package org.coppipeline.exclusion.domain;

/**
 * The knowledge base version a section was produced with (CONTRACT section 9). v1 stays available for replay;
 * v2 is the default. Both are evaluated by the same rule core, which picks the rules that differ by version.
 */
public enum KnowledgeVersion implements Coded {
    V1("cop-knowledge-v1"),
    V2("cop-knowledge-v2");

    private final String code;

    KnowledgeVersion(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }

    /** The version spelled {@code code}; an unknown spelling is refused, never read as a default. */
    public static KnowledgeVersion fromCode(String code) {
        for (KnowledgeVersion version : values()) {
            if (version.code.equals(code)) {
                return version;
            }
        }
        throw new IllegalArgumentException("unknown knowledge version (expected cop-knowledge-v1 or cop-knowledge-v2)");
    }
}
