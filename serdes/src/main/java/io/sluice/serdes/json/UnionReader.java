package io.sluice.serdes.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.sluice.serdes.internal.FieldFailure;
import io.sluice.serdes.internal.Kind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;

/**
 * A union reader reads a value of a general union, choosing the branch from the JSON token.
 *
 * <p>JSON carries no branch name, so the branches that can take the token's kind are tried in
 * schema order: a scalar goes to the first branch that accepts it (so {@code 3000000000} skips an
 * {@code int} branch for a {@code long} one), an object to the first record or map branch, an array
 * to the first array branch.
 */
final class UnionReader implements ValueReader {

    private static final int TOKEN_IDS = 13;

    private final String description;
    private final ValueReader[][] candidates = new ValueReader[TOKEN_IDS][];
    private final boolean[] structured = new boolean[TOKEN_IDS];

    UnionReader(Schema union, List<ValueReader> branchReaders, boolean numbersAsStrings) {
        this.description = "one of " + union;
        for (JsonToken token : JsonToken.values()) {
            if (token.id() < 0 || token.id() >= TOKEN_IDS) {
                continue;
            }
            List<ValueReader> accepting = new ArrayList<>();
            for (int i = 0; i < union.getTypes().size(); i++) {
                if (accepts(Kind.of(union.getTypes().get(i)), token, numbersAsStrings)) {
                    accepting.add(branchReaders.get(i));
                }
            }
            candidates[token.id()] = accepting.toArray(new ValueReader[0]);
            structured[token.id()] = token.isStructStart();
        }
    }

    @Override
    public Object read(JsonParser parser, JsonToken token) throws IOException {
        ValueReader[] options = candidates[token.id()];
        if (options.length == 0) {
            throw ValueReader.mismatch(description, parser, token);
        }
        if (structured[token.id()] || options.length == 1) {
            return options[0].read(parser, token);
        }
        FieldFailure last = null;
        for (ValueReader option : options) {
            try {
                return option.read(parser, token);
            } catch (FieldFailure f) {
                last = f;
            }
        }
        throw last;
    }

    private static final Set<Kind> FROM_STRING =
            EnumSet.of(
                    Kind.STRING,
                    Kind.UUID,
                    Kind.ENUM,
                    Kind.BYTES,
                    Kind.FIXED,
                    Kind.TIMESTAMP_MILLIS,
                    Kind.TIMESTAMP_MICROS,
                    Kind.DATE);

    private static boolean accepts(Kind kind, JsonToken token, boolean numbersAsStrings) {
        switch (token) {
            case VALUE_NULL:
                return kind == Kind.NULL;
            case VALUE_TRUE:
            case VALUE_FALSE:
                return kind == Kind.BOOLEAN || kind == Kind.STRING;
            case VALUE_NUMBER_INT:
                return kind.isNumeric()
                        || kind == Kind.TIMESTAMP_MILLIS
                        || kind == Kind.TIMESTAMP_MICROS
                        || kind == Kind.DATE
                        || kind == Kind.STRING;
            case VALUE_NUMBER_FLOAT:
                return kind == Kind.FLOAT
                        || kind == Kind.DOUBLE
                        || kind == Kind.DECIMAL
                        || kind == Kind.STRING;
            case VALUE_STRING:
                return FROM_STRING.contains(kind)
                        || numbersAsStrings && (kind.isNumeric() || kind == Kind.BOOLEAN);
            case START_OBJECT:
                return kind == Kind.RECORD || kind == Kind.MAP;
            case START_ARRAY:
                return kind == Kind.ARRAY;
            default:
                return false;
        }
    }
}
