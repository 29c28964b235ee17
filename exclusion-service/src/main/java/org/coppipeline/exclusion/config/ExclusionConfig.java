package org.coppipeline.exclusion.config;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.PositiveOrZero;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import org.coppipeline.exclusion.domain.ExclusionThresholds;
import org.coppipeline.exclusion.domain.KnowledgeVersion;

/**
 * The exclusion thresholds of CONTRACT 4.2 and of its v2 (section 9) as configuration, defaults as in the contract.
 * Hibernate Validator checks the values when the application starts, and {@link #thresholds(KnowledgeVersion)}
 * checks them again in the domain record, so a negative window fails the start with a message naming the property.
 * The radiotherapy window and the eosinophil threshold are the same in both versions.
 */
@ConfigMapping(prefix = "cop.exclusion")
public interface ExclusionConfig {

    /** cop.exclusion.drug-window-days (knowledge v1): a listed drug stopped at most this many days ago still counts. */
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

    /** cop.exclusion.v2.*: the numbers only knowledge v2 reads. */
    V2 v2();

    interface V2 {
        /**
         * cop.exclusion.v2.drug-window-days: a listed drug without its own window_days counts for this many days
         * after stopping.
         */
        @WithDefault("180")
        @PositiveOrZero(message = "cop.exclusion.v2.drug-window-days must be 0 or more days")
        int drugWindowDays();

        /** cop.exclusion.v2.immunocompromised-prednisone-mg-per-day: a current dose of at least this is immunosuppressive. */
        @WithDefault("20")
        @DecimalMin(value = "0", message = "cop.exclusion.v2.immunocompromised-prednisone-mg-per-day must be 0 or more")
        double immunocompromisedPrednisoneMgPerDay();
    }

    /** The v1 thresholds. */
    default ExclusionThresholds thresholds() {
        return thresholds(KnowledgeVersion.V1);
    }

    default ExclusionThresholds thresholds(KnowledgeVersion version) {
        try {
            return version == KnowledgeVersion.V1
                    ? new ExclusionThresholds(drugWindowDays(), radiotherapyWindowDays(), balEosinophilPercent())
                    : new ExclusionThresholds(v2().drugWindowDays(), radiotherapyWindowDays(), balEosinophilPercent(),
                            v2().immunocompromisedPrednisoneMgPerDay());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("invalid cop.exclusion configuration: " + e.getMessage(), e);
        }
    }
}
