package org.coppipeline.gateway.api;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import jakarta.ws.rs.core.MultivaluedMap;

import org.coppipeline.gateway.api.Problem.FieldError;
import org.coppipeline.gateway.query.Cursor;

/**
 * The query parameters of a paged GET: unknown or repeated ones refused, each invalid one named, all in one 400. What
 * was valid is kept in order for the access audit ({@link #audited()}): names and validated values only, never
 * whatever else a client put in its query string.
 */
final class QueryParameters {

    /** RFC 3339 allows a lower-case 't' and 'z'. */
    private static final DateTimeFormatter RFC_3339 = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
            .toFormatter();

    /** What Integer.parseInt reads as an integer, whatever its size (it takes any Unicode decimal digit). */
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\p{Nd}+");

    private final MultivaluedMap<String, String> query;
    private final List<FieldError> errors = new ArrayList<>();
    private final Map<String, String> valid = new LinkedHashMap<>();
    private int unknown;

    QueryParameters(MultivaluedMap<String, String> query, Set<String> known) {
        this.query = query;
        for (Map.Entry<String, List<String>> parameter : query.entrySet()) {
            if (!known.contains(parameter.getKey())) {
                unknown++;
                errors.add(FieldError.parameter(parameter.getKey(), "unknown query parameter"));
            } else if (parameter.getValue().size() > 1) {
                errors.add(FieldError.parameter(parameter.getKey(), "given more than once"));
            }
        }
    }

    /** The parameter's value as given (null when absent); the caller checks it and reports it {@link #valid}. */
    String value(String name) {
        return query.getFirst(name);
    }

    void invalid(String name, String message) {
        errors.add(FieldError.parameter(name, message));
    }

    /** Records a checked value for the audit. */
    <T> T valid(String name, T value) {
        if (value != null) {
            valid.put(name, String.valueOf(value));
        }
        return value;
    }

    /** The text as given when {@code accepted} takes it; else null, reported with {@code message}. Null when absent. */
    String text(String name, Predicate<String> accepted, String message) {
        return parsed(name, text -> accepted.test(text) ? Optional.of(text) : Optional.empty(), message);
    }

    /** One of {@code codes}; else null, reported as "not one of" the codes in order. Null when absent. */
    String oneOf(String name, Collection<String> codes) {
        return text(name, codes::contains, "not one of " + codes.stream().sorted().toList());
    }

    /**
     * What {@code parse} makes of the parameter (a code, a cursor); when it makes nothing, null, reported with
     * {@code message}. Null when absent. The audit keeps the text as given.
     */
    <T> T parsed(String name, Function<String, Optional<T>> parse, String message) {
        String text = value(name);
        if (text == null) {
            return null;
        }
        Optional<T> value = parse.apply(text);
        if (value.isEmpty()) {
            invalid(name, message);
            return null;
        }
        valid(name, text);
        return value.get();
    }

    /** The position a cursor of this listing names ({@code decode} refuses another listing's); see {@link #parsed}. */
    <T> T cursor(Function<String, Optional<T>> decode, String message) {
        return parsed("cursor", decode, message);
    }

    /** An integer in 1..max, {@code fallback} when absent. */
    int limit(int fallback, int max) {
        String text = value("limit");
        if (text == null) {
            return fallback;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= max) {
                return valid("limit", limit);
            }
        } catch (NumberFormatException e) {
            if (!INTEGER.matcher(text).matches()) {
                invalid("limit", "not an integer");
                return fallback;
            }
            // An integer too long for an int: out of range like any other, not "not an integer".
        }
        invalid("limit", "must be between 1 and " + max);
        return fallback;
    }

    /** An RFC 3339 date-time with offset, within the range the store holds (never a 503 for year 300000). */
    Instant instant(String name) {
        String text = value(name);
        if (text == null) {
            return null;
        }
        try {
            Instant instant = OffsetDateTime.parse(text, RFC_3339).toInstant();
            if (Cursor.inRange(instant)) {
                return valid(name, instant);
            }
            invalid(name, "not between 0001-01-01 and 9999-12-31");
        } catch (DateTimeException e) {
            invalid(name, "not an RFC 3339 date-time with offset");
        }
        return null;
    }

    /** 400 naming every invalid parameter, if any. */
    void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors.size() == 1
                    ? "Invalid query parameter " + errors.get(0).parameter() + "."
                    : errors.size() + " invalid query parameters.", errors);
        }
    }

    /**
     * The query as the audit keeps it: the valid parameters as name=value, in order, then how many were invalid
     * (unknown names are not repeated: a client can put anything there).
     */
    String audited() {
        StringBuilder text = new StringBuilder();
        valid.forEach((name, value) -> text.append(text.isEmpty() ? "" : "&").append(name).append('=').append(value));
        if (!errors.isEmpty()) {
            text.append(text.isEmpty() ? "" : " ").append("(").append(errors.size()).append(" invalid")
                    .append(unknown > 0 ? ", " + unknown + " unknown" : "").append(")");
        }
        return text.isEmpty() ? null : text.toString();
    }
}
