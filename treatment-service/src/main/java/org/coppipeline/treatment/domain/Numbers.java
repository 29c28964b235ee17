package org.coppipeline.treatment.domain;

import java.math.BigDecimal;

/** Number formatting for reason texts: 93 rather than 93.0, 37.9 as written. */
final class Numbers {

    /**
     * The plain decimal of {@code Double.toString(value)} without trailing zeros. The two common shapes are
     * written directly (reasons are built per record): a whole number below 10^7, whose Double.toString is
     * "93.0", and a fraction that Double.toString already writes plainly without a trailing zero ("37.9").
     * Everything else (exponent notation, NaN) goes through BigDecimal as before.
     */
    static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e7) {
            return Long.toString((long) value);
        }
        if (Double.isFinite(value)) {
            String text = Double.toString(value);
            if (text.indexOf('E') < 0 && !text.endsWith("0")) {
                return text;
            }
        }
        return format(BigDecimal.valueOf(value));
    }

    static String format(BigDecimal value) {
        if (value.scale() == 0) {
            // Already a plain whole number: toString is the same text, and BigDecimal caches it.
            return value.toString();
        }
        BigDecimal plain = value.stripTrailingZeros();
        return (plain.scale() < 0 ? plain.setScale(0) : plain).toPlainString();
    }

    private Numbers() {
    }
}
