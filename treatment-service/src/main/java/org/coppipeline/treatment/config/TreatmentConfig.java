package org.coppipeline.treatment.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import org.coppipeline.treatment.domain.TreatmentThresholds;

/**
 * The thresholds of CONTRACT 4.3 as configuration ({@code cop.treatment.*}), defaulting to the contract's
 * numbers. {@link #thresholds()} runs at start, so an invalid value stops the service with a message
 * naming the property.
 */
@ConfigMapping(prefix = "cop.treatment")
public interface TreatmentConfig {

    String PREFIX = "cop.treatment.";

    @WithDefault("90")
    double spo2SevereBelowPercent();

    @WithDefault("94")
    double spo2MildAtLeastPercent();

    @WithDefault("37.9")
    double crpMildAtMostMgPerL();

    @WithDefault("80")
    double fvcClarithromycinAtLeastPercent();

    @WithDefault("14")
    int observeReassessWithinDays();

    @WithDefault("12")
    int relapseSurveillanceMonths();

    @WithDefault("20")
    double pjpMinMgPerDay();

    @WithDefault("4")
    int pjpMinWeeks();

    @WithDefault("2.5")
    double boneMinMgPerDay();

    @WithDefault("3")
    int boneMoreThanMonths();

    /** Knowledge v2 (SV-EXTENT): at least moderate below this DLCO, % predicted. */
    @WithDefault("50")
    double dlcoModerateBelowPercent();

    /** Knowledge v2 (SV-EXTENT): at least moderate below this SpO2 nadir on exertion, %. */
    @WithDefault("85")
    double spo2ExertionModerateBelowPercent();

    /** Knowledge v2 (SV-EXTENT): at least moderate from this many lobes involved on CT. */
    @WithDefault("3")
    int lobesModerateAtLeast();

    default TreatmentThresholds thresholds() {
        try {
            return new TreatmentThresholds(spo2SevereBelowPercent(), spo2MildAtLeastPercent(), crpMildAtMostMgPerL(),
                    fvcClarithromycinAtLeastPercent(), observeReassessWithinDays(), relapseSurveillanceMonths(),
                    pjpMinMgPerDay(), pjpMinWeeks(), boneMinMgPerDay(), boneMoreThanMonths(), dlcoModerateBelowPercent(),
                    spo2ExertionModerateBelowPercent(), lobesModerateAtLeast());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("invalid treatment configuration: " + propertyNames(e.getMessage()), e);
        }
    }

    /** spo2SevereBelowPercent -> cop.treatment.spo2-severe-below-percent, so the message names what to fix. */
    static String propertyNames(String message) {
        Matcher camel = Pattern.compile("\\b[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+\\b").matcher(message);
        return camel.replaceAll(m -> Matcher.quoteReplacement(
                PREFIX + m.group().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT)));
    }
}
