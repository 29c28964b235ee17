package org.coppipeline.symptom.domain;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The versions of cop-knowledge.md this stage can evaluate (CONTRACT section 9). v1 stays available for replay and
 * must keep giving byte-identical sections; v2 is the default.
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

    /** The version with this exact code; an unknown code is refused, never mapped to a default. */
    public static KnowledgeVersion fromCode(String code) {
        for (KnowledgeVersion version : values()) {
            if (version.code.equals(code)) {
                return version;
            }
        }
        throw new IllegalArgumentException("unknown knowledge version '" + code + "' (known: "
                + Arrays.stream(values()).map(KnowledgeVersion::code).collect(Collectors.joining(", ")) + ")");
    }
}
