package org.coppipeline.symptom.binding;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;

import org.coppipeline.symptom.domain.Coded;

/**
 * Reads a domain enum from its contract spelling ("not-assessed", "blood-culture"). Anything else fails
 * with Jackson's own exception, so the JSON pointer of the bad field reaches the DLQ reason.
 */
final class CodedEnumDeserializer<E extends Enum<E> & Coded> extends StdScalarDeserializer<E> {

    private final Class<E> type;
    private final Map<String, E> byCode = new HashMap<>();

    CodedEnumDeserializer(Class<E> type) {
        super(type);
        this.type = type;
        for (E constant : type.getEnumConstants()) {
            byCode.put(constant.code(), constant);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public E deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (!p.hasToken(JsonToken.VALUE_STRING)) {
            return (E) ctxt.handleUnexpectedToken(type, p);
        }
        E constant = byCode.get(p.getText());
        if (constant == null) {
            return (E) ctxt.handleWeirdStringValue(type, p.getText(), "not one of the contract's codes");
        }
        return constant;
    }
}
