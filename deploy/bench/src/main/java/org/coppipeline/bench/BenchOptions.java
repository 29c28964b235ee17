package org.coppipeline.bench;

import java.nio.file.Path;

/** Command line of deploy/bench/run.sh. */
public record BenchOptions(
        double seconds,
        double rate,
        boolean fresh,
        Path stateDir,
        long rawRecords,
        int hospitals,
        double waitQuietMinutes,
        boolean skipRaw,
        double startRate,
        double maxRate,
        boolean jfr,
        double warmupSeconds,
        int rawAttempts,
        double cdsRate,
        boolean skipCds,
        int cdsOrderEvery,
        boolean cold,
        double coldRate,
        double coldSeconds,
        boolean nmt,
        String serviceJvmOptions) {

    public static final double QUIET_LOAD = 1.5;
    /** Without a measured half-saturation rate (no --rate, no earlier run's figures): the rate of the cold-start trial. */
    public static final double COLD_DEFAULT_RATE = 50;

    public static final String USAGE = String.join("\n",
            "usage: deploy/bench/run.sh [--seconds N] [--rate R] [options]",
            "  --seconds N        length of each load step in seconds (default 15)",
            "  --rate R           offer R cases/s, then R/2, instead of searching for the saturation rate",
            "  --start-rate R     first offered rate of the search, doubled each step (default 25)",
            "  --max-rate R       highest offered rate of the search (default 3200)",
            "  --fresh            start a stack of the benchmark's own even when one is running",
            "  --state-dir DIR    state folder of a running stack to use (default COP_STATE_DIR or <repo>/.local-stack);",
            "                     without a running stack there, one is started in DIR/bench (fresh data, free ports)",
            "  --raw-records N    records for the raw broker baseline (default 200000)",
            "  --hospitals N      hospitals the cases are spread over, one dev token each (default 4)",
            "  --wait-quiet MIN   wait up to MIN minutes for a 1-minute load average <= 1.5 first (default 20; 0: no wait)",
            "  --skip-raw         no raw broker baseline (no ratio)",
            "  --warmup-seconds N warm-up at 50 cases/s before anything is measured: JIT, connections, pools (default 60)",
            "  --jfr              record a JFR profile of every JVM during the pipeline steps (state folder, jfr/)",
            "  --raw-attempts N   raw baseline attempts while the load average before one is above 1.5 (default 3;",
            "                     with --wait-quiet 0 only one: repeating without waiting finds no quieter machine)",
            "  --cds-rate R       hook requests/s of the CDS step (default: the half-saturation rate, or R/2 with --rate)",
            "  --cds-order-every N  an order-sign request after every N-th patient-view answer (default 10)",
            "  --skip-cds         no CDS Hooks step",
            "  --cold             cold start first: a fresh stack (implies --fresh) gets --cold-rate from its first second",
            "                     after ready; first-minute errors, p50/p99, planned/s per 10 s",
            "  --cold-rate R      rate of the cold step (default: --rate/2, else the half-saturation rate of the state",
            "                     folder's latest.json, else " + (int) COLD_DEFAULT_RATE + ")",
            "  --cold-seconds N   length of the cold step (default 60)",
            "  --nmt              Native Memory Tracking (summary) in the four service JVMs (implies --fresh): jcmd",
            "                     VM.native_memory summary in the middle of the half-saturation step; its CPU figures",
            "                     are not comparable with a run without it",
            "  --service-jvm-options OPTS  JVM options for the four services of the benchmark's own stack (implies",
            "                     --fresh), through JAVA_TOOL_OPTIONS: diagnostics such as",
            "                     '-Xlog:gc:file=/tmp/gc-%p.log:time,uptime' (the pid in the name; one file per JVM)");

    public static BenchOptions parse(String... args) {
        double seconds = 15;
        double rate = 0;
        boolean fresh = false;
        Path stateDir = null;
        long rawRecords = 200_000;
        int hospitals = 4;
        double waitQuiet = 20;
        boolean skipRaw = false;
        double startRate = 25;
        double maxRate = 3200;
        boolean jfr = false;
        double warmup = 60;
        int rawAttempts = 3;
        double cdsRate = 0;
        boolean skipCds = false;
        int cdsOrderEvery = 10;
        boolean cold = false;
        double coldRate = 0;
        double coldSeconds = 60;
        boolean nmt = false;
        String serviceJvmOptions = "";
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--seconds" -> seconds = positive(value(args, ++i, arg), arg);
                case "--rate" -> rate = positive(value(args, ++i, arg), arg);
                case "--start-rate" -> startRate = positive(value(args, ++i, arg), arg);
                case "--max-rate" -> maxRate = positive(value(args, ++i, arg), arg);
                case "--fresh" -> fresh = true;
                case "--state-dir" -> stateDir = Path.of(value(args, ++i, arg)).toAbsolutePath().normalize();
                case "--raw-records" -> rawRecords = (long) positive(value(args, ++i, arg), arg);
                case "--hospitals" -> hospitals = (int) positive(value(args, ++i, arg), arg);
                case "--wait-quiet" -> waitQuiet = nonNegative(value(args, ++i, arg), arg);
                case "--skip-raw" -> skipRaw = true;
                case "--jfr" -> jfr = true;
                case "--warmup-seconds" -> warmup = positive(value(args, ++i, arg), arg);
                case "--raw-attempts" -> rawAttempts = (int) positive(value(args, ++i, arg), arg);
                case "--cds-rate" -> cdsRate = positive(value(args, ++i, arg), arg);
                case "--cds-order-every" -> cdsOrderEvery = (int) positive(value(args, ++i, arg), arg);
                case "--skip-cds" -> skipCds = true;
                case "--cold" -> cold = true;
                case "--cold-rate" -> coldRate = positive(value(args, ++i, arg), arg);
                case "--cold-seconds" -> coldSeconds = positive(value(args, ++i, arg), arg);
                case "--nmt" -> nmt = true;
                case "--service-jvm-options" -> serviceJvmOptions = value(args, ++i, arg).trim();
                case "-h", "--help" -> throw new HelpRequested();
                default -> throw new IllegalArgumentException("unknown option " + arg + " (see --help)");
            }
        }
        if (maxRate < startRate) {
            throw new IllegalArgumentException("--max-rate must not be below --start-rate");
        }
        if (waitQuiet == 0) {
            rawAttempts = 1;
        }
        // Both need JVMs started by this benchmark: a stack found running was started without NMT, and is not cold.
        fresh = fresh || cold || nmt || !serviceJvmOptions.isEmpty();
        return new BenchOptions(seconds, rate, fresh, stateDir, rawRecords, hospitals, waitQuiet, skipRaw, startRate, maxRate, jfr,
                warmup, rawAttempts, cdsRate, skipCds, cdsOrderEvery, cold, coldRate, coldSeconds, nmt,
                serviceJvmOptions);
    }

    /** --help: print the usage, exit 0. */
    public static final class HelpRequested extends RuntimeException {
        HelpRequested() {
            super(null, null, false, false);
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static double positive(String text, String option) {
        double value = number(text, option);
        if (!(value > 0)) {
            throw new IllegalArgumentException(option + " must be positive");
        }
        return value;
    }

    private static double nonNegative(String text, String option) {
        double value = number(text, option);
        if (!(value >= 0)) {
            throw new IllegalArgumentException(option + " must not be negative");
        }
        return value;
    }

    private static double number(String text, String option) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a number");
        }
    }
}
