package org.coppipeline.exclusion.domain;

import java.util.Optional;
import java.util.function.Supplier;

/** CONTRACT 4.2 reads "first matching line wins": lines are tried in order and later ones are not evaluated. */
final class FirstMatch {
    private FirstMatch() {
    }

    @SafeVarargs
    static <T> Optional<T> of(Supplier<Optional<T>>... lines) {
        for (Supplier<Optional<T>> line : lines) {
            Optional<T> result = line.get();
            if (result.isPresent()) {
                return result;
            }
        }
        return Optional.empty();
    }
}
