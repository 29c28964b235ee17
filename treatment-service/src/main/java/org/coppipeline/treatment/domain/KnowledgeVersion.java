package org.coppipeline.treatment.domain;

/**
 * The knowledge version a plan is made with (CONTRACT 9): v1 as in CONTRACT 4.3, v2 with the changes of 9 "4.3 v2".
 * Both stay available, so a stored case can be replayed under the rules that first planned it.
 */
public enum KnowledgeVersion {
    V1("cop-knowledge-v1"),
    V2("cop-knowledge-v2");

    private final String code;

    KnowledgeVersion(String code) {
        this.code = code;
    }

    /** The contract's spelling, as written in a section's knowledgeVersion and in record headers. */
    public String code() {
        return code;
    }

    /** The version spelled {@code code}; any other text is an error (a configuration or header naming no version). */
    public static KnowledgeVersion fromCode(String code) {
        for (KnowledgeVersion version : values()) {
            if (version.code.equals(code)) {
                return version;
            }
        }
        throw new IllegalArgumentException("unknown knowledge version (expected cop-knowledge-v1 or cop-knowledge-v2)");
    }
}
