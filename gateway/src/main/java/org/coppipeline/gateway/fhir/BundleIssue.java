package org.coppipeline.gateway.fhir;

/**
 * One reason a Bundle cannot become a case event.
 *
 * @param pointer      JSON Pointer into the Bundle ("" for the whole body)
 * @param eventPointer JSON Pointer into the case event the Bundle maps to, where it applies, else null
 * @param message      what is wrong; never quotes a value of the Bundle (they are PHI)
 */
public record BundleIssue(String pointer, String eventPointer, String message) {

    public static BundleIssue at(String pointer, String message) {
        return new BundleIssue(pointer, null, message);
    }
}
