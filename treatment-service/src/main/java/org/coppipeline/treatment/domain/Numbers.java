package org.coppipeline.treatment.domain;

import java.math.BigDecimal;

/** Number formatting for reason texts: 93 rather than 93.0, 37.9 as written. */
final class Numbers {

    static String format(double value) {
        return format(BigDecimal.valueOf(value));
    }

    static String format(BigDecimal value) {
        BigDecimal plain = value.stripTrailingZeros();
        return (plain.scale() < 0 ? plain.setScale(0) : plain).toPlainString();
    }

    private Numbers() {
    }
}
