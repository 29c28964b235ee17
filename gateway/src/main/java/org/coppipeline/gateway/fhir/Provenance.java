package org.coppipeline.gateway.fhir;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which Bundle element fed which event field: how a schema violation of the mapped event (an event pointer) is
 * reported at its place in the Bundle.
 */
public final class Provenance {

    private final Map<String, String> byEventPointer = new LinkedHashMap<>();

    void record(String eventPointer, String bundlePointer) {
        byEventPointer.putIfAbsent(eventPointer, bundlePointer);
    }

    /**
     * The Bundle pointer of an event pointer: its own, else the first recorded one inside it (a missing member of an
     * object is reported where the object came from), else that of its parent; "" when nothing in the Bundle fed it.
     */
    public String bundlePointer(String eventPointer) {
        String pointer = eventPointer;
        while (true) {
            String exact = byEventPointer.get(pointer);
            if (exact != null) {
                return exact;
            }
            String prefix = pointer + "/";
            for (Map.Entry<String, String> entry : byEventPointer.entrySet()) {
                if (entry.getKey().startsWith(prefix)) {
                    return entry.getValue();
                }
            }
            if (pointer.isEmpty()) {
                return "";
            }
            pointer = pointer.substring(0, pointer.lastIndexOf('/'));
        }
    }

    public Map<String, String> asMap() {
        return Map.copyOf(byEventPointer);
    }
}
