package org.coppipeline.treatment.domain;

import static org.coppipeline.treatment.domain.Numbers.format;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/** The dose of one regimen step, in one of the shapes the plans need. */
public sealed interface Dose {

    /** Human-readable dose, e.g. "50 mg/day". */
    String text();

    /** The smallest daily amount in mg this dose means, or empty when it cannot be known (a mg/kg dose without weight). */
    Optional<BigDecimal> minimumMgPerDay();

    /**
     * A fixed daily dose in mg.
     *
     * @param fromWeight how it was computed from a mg/kg dose, when it was
     */
    record MgPerDay(BigDecimal amount, Optional<WeightBasedDose> fromWeight) implements Dose {
        public MgPerDay {
            Objects.requireNonNull(amount, "amount");
            Objects.requireNonNull(fromWeight, "fromWeight");
        }

        public static MgPerDay of(int amount) {
            return new MgPerDay(BigDecimal.valueOf(amount), Optional.empty());
        }

        @Override
        public String text() {
            if (fromWeight.isEmpty()) {
                return format(amount) + " mg/day";
            }
            WeightBasedDose w = fromWeight.get();
            return format(amount) + " mg/day (" + format(w.amountPerKg()) + " mg/kg/day x " + format(w.weightKg())
                    + " kg = " + format(w.exactMgPerDay()) + " mg, rounded to the nearest " + format(DoseRounding.STEP_MG)
                    + " mg)";
        }

        @Override
        public Optional<BigDecimal> minimumMgPerDay() {
            return Optional.of(amount);
        }
    }

    /** A daily dose per kg of body weight, given as such when the weight is unknown. */
    record MgPerKgPerDay(BigDecimal amountPerKg) implements Dose {
        public MgPerKgPerDay {
            Objects.requireNonNull(amountPerKg, "amountPerKg");
        }

        @Override
        public String text() {
            return format(amountPerKg) + " mg/kg/day";
        }

        @Override
        public Optional<BigDecimal> minimumMgPerDay() {
            return Optional.empty();
        }
    }

    /** A daily dose anywhere in a range, left to the prescriber. */
    record MgPerDayRange(BigDecimal min, BigDecimal max) implements Dose {
        public MgPerDayRange {
            Objects.requireNonNull(min, "min");
            Objects.requireNonNull(max, "max");
            if (min.compareTo(max) > 0) {
                throw new IllegalArgumentException("dose range min above max");
            }
        }

        @Override
        public String text() {
            return format(min) + "-" + format(max) + " mg/day";
        }

        @Override
        public Optional<BigDecimal> minimumMgPerDay() {
            return Optional.of(min);
        }
    }

    /** A single dose in mg taken twice a day. */
    record MgTwiceDaily(BigDecimal amount) implements Dose {
        public MgTwiceDaily {
            Objects.requireNonNull(amount, "amount");
        }

        @Override
        public String text() {
            return format(amount) + " mg twice daily";
        }

        @Override
        public Optional<BigDecimal> minimumMgPerDay() {
            return Optional.of(amount.multiply(BigDecimal.valueOf(2)));
        }
    }

    /** How a mg/day dose came from a mg/kg/day dose and the patient's weight. */
    record WeightBasedDose(BigDecimal amountPerKg, BigDecimal weightKg, BigDecimal exactMgPerDay) {
        public WeightBasedDose {
            Objects.requireNonNull(amountPerKg, "amountPerKg");
            Objects.requireNonNull(weightKg, "weightKg");
            Objects.requireNonNull(exactMgPerDay, "exactMgPerDay");
        }
    }
}
