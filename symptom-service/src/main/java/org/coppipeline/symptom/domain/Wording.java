package org.coppipeline.symptom.domain;

/** Small helpers that keep numbers in reasons readable (15 rather than 15.0). */
final class Wording {
    private Wording() {
    }

    static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    /** "add 2 points", "subtract 1 point". */
    static String pointsEffect(int points) {
        int size = Math.abs(points);
        return (points < 0 ? "subtract " : "add ") + size + (size == 1 ? " point" : " points");
    }
}
