package io.sluice.serdes.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.sluice.serdes.internal.FieldFailure;
import io.sluice.serdes.internal.TextScalars;
import java.io.IOException;

/**
 * A value reader reads one value of a fixed schema from a parser positioned on its first token.
 *
 * <p>On return the parser is on the value's last token (the scalar itself, or the closing {@code }}
 * or {@code ]}). A value that does not fit the schema throws {@link FieldFailure}.
 */
interface ValueReader {

    Object read(JsonParser parser, JsonToken token) throws IOException;

    /** A failure saying the token is not a value of the expected type. */
    static FieldFailure mismatch(String expected, JsonParser parser, JsonToken token)
            throws IOException {
        return new FieldFailure("expected " + expected + ", got " + describe(parser, token));
    }

    /** Describes a token for error messages: its kind and, for scalars, a short excerpt. */
    static String describe(JsonParser parser, JsonToken token) throws IOException {
        if (token == null) {
            return "end of input";
        }
        switch (token) {
            case START_OBJECT:
                return "object";
            case START_ARRAY:
                return "array";
            case VALUE_NULL:
                return "null";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "boolean " + token.asString();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return "number " + TextScalars.excerpt(parser.getText());
            case VALUE_STRING:
                return "string '" + TextScalars.excerpt(parser.getText()) + "'";
            default:
                return token.name();
        }
    }
}
