package org.coppipeline.exclusion.domain;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * CONTRACT 4.2 reads "first matching line wins": lines are tried in order and later ones are not evaluated.
 * One overload per number of lines rather than varargs: these small methods inline into each category's rule
 * function, so the line lambdas are never allocated (the rules run once per record and must stay cheap).
 */
final class FirstMatch {
    private FirstMatch() {
    }

    static <T> Optional<T> of(Supplier<Optional<T>> first, Supplier<Optional<T>> second) {
        Optional<T> result = first.get();
        return result.isPresent() ? result : second.get();
    }

    static <T> Optional<T> of(Supplier<Optional<T>> first, Supplier<Optional<T>> second,
            Supplier<Optional<T>> third) {
        Optional<T> result = of(first, second);
        return result.isPresent() ? result : third.get();
    }

    static <T> Optional<T> of(Supplier<Optional<T>> first, Supplier<Optional<T>> second,
            Supplier<Optional<T>> third, Supplier<Optional<T>> fourth) {
        Optional<T> result = of(first, second, third);
        return result.isPresent() ? result : fourth.get();
    }

    static <T> Optional<T> of(Supplier<Optional<T>> first, Supplier<Optional<T>> second,
            Supplier<Optional<T>> third, Supplier<Optional<T>> fourth, Supplier<Optional<T>> fifth) {
        Optional<T> result = of(first, second, third, fourth);
        return result.isPresent() ? result : fifth.get();
    }
}
