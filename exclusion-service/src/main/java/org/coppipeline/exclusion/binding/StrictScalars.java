package org.coppipeline.exclusion.binding;

import java.io.IOException;
import java.math.BigDecimal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;

/**
 * Deserializers that take a value only in the JSON type the schema gives it: Jackson's default coercions
 * ("55" as a number, 1 as true, 55.7 truncated to 55, "NaN") would hide a broken producer and score a guess.
 * Jackson's own switches (ALLOW_COERCION_OF_SCALARS, ACCEPT_FLOAT_AS_INT) do not give the same answers: they refuse
 * 55.0 for an integer (JSON Schema's "integer" accepts it) and let 1e400 and "NaN" through as doubles, so these stay.
 */
final class StrictScalars {

    private StrictScalars() {
    }

    static SimpleModule module() {
        SimpleModule module = new SimpleModule("cop-exclusion-strict-scalars");
        module.addDeserializer(Integer.class, new WholeNumber());
        module.addDeserializer(Double.class, new FiniteNumber());
        module.addDeserializer(Boolean.class, new JsonBoolean());
        return module;
    }

    /** A JSON integer, or a number with no fractional part (JSON Schema's "integer" accepts 55.0), within int range. */
    static final class WholeNumber extends StdScalarDeserializer<Integer> {
        WholeNumber() {
            super(Integer.class);
        }

        @Override
        public Integer deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_NUMBER_INT) && !p.hasToken(JsonToken.VALUE_NUMBER_FLOAT)) {
                return (Integer) ctxt.handleUnexpectedToken(Integer.class, p);
            }
            BigDecimal value = p.getDecimalValue();
            try {
                return value.intValueExact();
            } catch (ArithmeticException e) {
                return (Integer) ctxt.handleWeirdNumberValue(Integer.class, value, "not a whole number within int range");
            }
        }
    }

    /** A JSON number that fits a finite double. */
    static final class FiniteNumber extends StdScalarDeserializer<Double> {
        FiniteNumber() {
            super(Double.class);
        }

        @Override
        public Double deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_NUMBER_INT) && !p.hasToken(JsonToken.VALUE_NUMBER_FLOAT)) {
                return (Double) ctxt.handleUnexpectedToken(Double.class, p);
            }
            double value = p.getDoubleValue();
            if (!Double.isFinite(value)) {
                return (Double) ctxt.handleWeirdNumberValue(Double.class, value, "not a finite number");
            }
            return value;
        }
    }

    /** JSON true or false only. */
    static final class JsonBoolean extends StdScalarDeserializer<Boolean> {
        JsonBoolean() {
            super(Boolean.class);
        }

        @Override
        public Boolean deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.hasToken(JsonToken.VALUE_TRUE)) {
                return Boolean.TRUE;
            }
            if (p.hasToken(JsonToken.VALUE_FALSE)) {
                return Boolean.FALSE;
            }
            return (Boolean) ctxt.handleUnexpectedToken(Boolean.class, p);
        }
    }
}
