package org.coppipeline.exclusion.domain;

import java.util.Objects;

/** A schema-valid but clinically odd input, answered in the output rather than with an exception. */
public record Warning(Level level, String code, String message) {
    public enum Level implements Coded {
        INFO("info"), WARNING("warning"), CRITICAL("critical");

        private final String code;

        Level(String code) {
            this.code = code;
        }

        @Override
        public String code() {
            return code;
        }
    }

    public Warning {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    static Warning warning(String code, String message) {
        return new Warning(Level.WARNING, code, message);
    }
}
