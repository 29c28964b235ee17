package org.coppipeline.gateway.support;


import java.util.Arrays;
import java.util.List;

/** Samples of the gateway's own metrics on /q/metrics (management port). */
public final class Metrics {

    private Metrics() {
    }

    public static List<String> gateway() {
        return Management.given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(l -> l.startsWith("gateway_")).toList();
    }

    /** Sum of the samples of {@code name} carrying every one of {@code labels} (e.g. {@code stage="planned"}); 0 if none. */
    public static double sum(String name, String... labels) {
        return gateway().stream()
                .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .filter(l -> Arrays.stream(labels).allMatch(l::contains))
                .mapToDouble(Metrics::value).sum();
    }

    /** Every sample of the given names, as text: what must stay the same. */
    public static List<String> samples(String... names) {
        return gateway().stream().filter(l -> Arrays.stream(names).anyMatch(n -> l.startsWith(n + "{") || l.startsWith(n + " ")))
                .toList();
    }

    private static double value(String sample) {
        int labels = sample.indexOf("} ");
        String rest = labels >= 0 ? sample.substring(labels + 2) : sample.substring(sample.indexOf(' ') + 1);
        return Double.parseDouble(rest.split(" ")[0]);
    }
}
