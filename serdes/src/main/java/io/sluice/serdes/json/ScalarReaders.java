package io.sluice.serdes.json;

import static com.fasterxml.jackson.core.JsonToken.VALUE_FALSE;
import static com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_FLOAT;
import static com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_INT;
import static com.fasterxml.jackson.core.JsonToken.VALUE_STRING;
import static com.fasterxml.jackson.core.JsonToken.VALUE_TRUE;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonParser.NumberType;
import com.fasterxml.jackson.core.JsonToken;
import io.sluice.serdes.internal.FieldFailure;
import io.sluice.serdes.internal.Kind;
import io.sluice.serdes.internal.ScalarReader;
import io.sluice.serdes.internal.TemporalText;
import io.sluice.serdes.internal.TextScalars;
import java.io.IOException;
import java.math.BigDecimal;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/** Scalar readers read JSON scalars into row values, applying the JSON type rules. */
final class ScalarReaders {

    private ScalarReaders() {}

    static ValueReader of(Schema schema, Kind kind, JsonOptions options, TemporalText temporal) {
        ScalarReader text = TextScalars.reader(schema, temporal);
        boolean fromStrings = options.numbersAsStrings();
        switch (kind) {
            case STRING:
                return ScalarReaders::readString;
            case BOOLEAN:
                return new BooleanReader(fromStrings);
            case INT:
                return new IntegralReader(kind, fromStrings ? text : null);
            case LONG:
                return new IntegralReader(kind, fromStrings ? text : null);
            case TIMESTAMP_MILLIS:
            case TIMESTAMP_MICROS:
            case DATE:
                return new IntegralReader(kind, text);
            case FLOAT:
            case DOUBLE:
                return new FloatingReader(kind, fromStrings ? text : null);
            case DECIMAL:
                return new DecimalReader(
                        (LogicalTypes.Decimal) schema.getLogicalType(), fromStrings ? text : null);
            default:
                return new TextReader(kind, text);
        }
    }

    private static Object readString(JsonParser parser, JsonToken token) throws IOException {
        if (token == VALUE_STRING
                || token == VALUE_NUMBER_INT
                || token == VALUE_NUMBER_FLOAT
                || token == VALUE_TRUE
                || token == VALUE_FALSE) {
            return parser.getText();
        }
        throw ValueReader.mismatch("string", parser, token);
    }

    static FieldFailure outOfRange(String type, JsonParser parser) throws IOException {
        return new FieldFailure(
                "number out of range for " + type + ": " + TextScalars.excerpt(parser.getText()));
    }

    /** Reads true/false, and "true"/"false" strings when allowed. */
    private static final class BooleanReader implements ValueReader {
        private final boolean fromStrings;

        BooleanReader(boolean fromStrings) {
            this.fromStrings = fromStrings;
        }

        @Override
        public Object read(JsonParser parser, JsonToken token) throws IOException {
            if (token == VALUE_TRUE) {
                return Boolean.TRUE;
            }
            if (token == VALUE_FALSE) {
                return Boolean.FALSE;
            }
            if (token == VALUE_STRING && fromStrings) {
                return TextScalars.readBoolean(parser.getText());
            }
            throw ValueReader.mismatch("boolean", parser, token);
        }
    }

    /** Reads int, long, and the integer-backed logical types; text goes through the text reader. */
    private static final class IntegralReader implements ValueReader {
        private final Kind kind;
        private final boolean isInt;
        private final ScalarReader text;

        IntegralReader(Kind kind, ScalarReader text) {
            this.kind = kind;
            this.isInt = kind == Kind.INT || kind == Kind.DATE;
            this.text = text;
        }

        @Override
        public Object read(JsonParser parser, JsonToken token) throws IOException {
            if (token == VALUE_NUMBER_INT) {
                NumberType type = parser.getNumberType();
                if (isInt) {
                    if (type != NumberType.INT) {
                        throw outOfRange(kind.label(), parser);
                    }
                    return parser.getIntValue();
                }
                if (type == NumberType.BIG_INTEGER) {
                    throw outOfRange(kind.label(), parser);
                }
                return parser.getLongValue();
            }
            if (token == VALUE_STRING && text != null) {
                return text.read(parser.getText());
            }
            throw ValueReader.mismatch(kind.label(), parser, token);
        }
    }

    /** Reads float and double from any JSON number, rejecting values beyond their range. */
    private static final class FloatingReader implements ValueReader {
        private final boolean isFloat;
        private final ScalarReader text;

        FloatingReader(Kind kind, ScalarReader text) {
            this.isFloat = kind == Kind.FLOAT;
            this.text = text;
        }

        @Override
        public Object read(JsonParser parser, JsonToken token) throws IOException {
            if (token == VALUE_NUMBER_FLOAT || token == VALUE_NUMBER_INT) {
                double value = parser.getDoubleValue();
                if (isFloat) {
                    float narrowed = (float) value;
                    if (Float.isInfinite(narrowed)) {
                        throw outOfRange("float", parser);
                    }
                    return narrowed;
                }
                if (Double.isInfinite(value)) {
                    throw outOfRange("double", parser);
                }
                return value;
            }
            if (token == VALUE_STRING && text != null) {
                return text.read(parser.getText());
            }
            throw ValueReader.mismatch(isFloat ? "float" : "double", parser, token);
        }
    }

    /** Reads decimals exactly from JSON numbers, at the schema's scale. */
    private static final class DecimalReader implements ValueReader {
        private final LogicalTypes.Decimal type;
        private final ScalarReader text;

        DecimalReader(LogicalTypes.Decimal type, ScalarReader text) {
            this.type = type;
            this.text = text;
        }

        @Override
        public Object read(JsonParser parser, JsonToken token) throws IOException {
            if (token == VALUE_NUMBER_FLOAT || token == VALUE_NUMBER_INT) {
                BigDecimal value = parser.getDecimalValue();
                return TextScalars.decimal(value, type);
            }
            if (token == VALUE_STRING && text != null) {
                return text.read(parser.getText());
            }
            throw ValueReader.mismatch("decimal", parser, token);
        }
    }

    /** Reads kinds that JSON carries only as strings: uuid, bytes, fixed, enum. */
    private static final class TextReader implements ValueReader {
        private final Kind kind;
        private final ScalarReader text;

        TextReader(Kind kind, ScalarReader text) {
            this.kind = kind;
            this.text = text;
        }

        @Override
        public Object read(JsonParser parser, JsonToken token) throws IOException {
            if (token == VALUE_STRING) {
                return text.read(parser.getText());
            }
            throw ValueReader.mismatch(kind.label(), parser, token);
        }
    }
}
