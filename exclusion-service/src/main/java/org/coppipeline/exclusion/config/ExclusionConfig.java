package org.coppipeline.exclusion.config;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.PositiveOrZero;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import org.coppipeline.exclusion.domain.ExclusionThresholds;

/**
 * The exclusion thresholds of CONTRACT 4.2 as configuration, defaults as in the contract. Hibernate
 * Validator checks the values when the application starts, and {@link #thresholds()} checks them again
 * in the domain record, so a negative window fails the start with a message naming the property.
 */
@ConfigMapping(prefix = "cop.exclusion")
public interface ExclusionConfig {

    /** cop.exclusion.drug-window-days: a listed drug stopped at most this many days ago still counts. */
    @WithDefault("90")
    @PositiveOrZero(message = "cop.exclusion.drug-window-days must be 0 or more days")
    int drugWindowDays();

    /** cop.exclusion.radiotherapy-window-days: breast or thoracic radiotherapy ended at most this many days ago counts. */
    @WithDefault("365")
    @PositiveOrZero(message = "cop.exclusion.radiotherapy-window-days must be 0 or more days")
    int radiotherapyWindowDays();

    /** cop.exclusion.bal-eosinophil-percent: BAL eosinophils above this make OP unlikely. */
    @WithDefault("25")
    @DecimalMin(value = "0", message = "cop.exclusion.bal-eosinophil-percent must be a percentage from 0 to 100")
    @DecimalMax(value = "100", message = "cop.exclusion.bal-eosinophil-percent must be a percentage from 0 to 100")
    double balEosinophilPercent();

    default ExclusionThresholds thresholds() {
        try {
            return new ExclusionThresholds(drugWindowDays(), radiotherapyWindowDays(), balEosinophilPercent());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("invalid cop.exclusion configuration: " + e.getMessage(), e);
        }
    }
}
