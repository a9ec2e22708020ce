package io.sluice.serdes.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.sluice.serdes.DecodeResult;
import io.sluice.serdes.RowDecoder;
import io.sluice.serdes.internal.FieldFailure;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * A JSON row decoder reads one JSON object per record into a row of the schema.
 *
 * <p>Every failure becomes a {@link DecodeResult.DecodeError} whose position is the byte offset of
 * the offending token. Nesting is bounded by {@link JsonOptions#maxNestingDepth()}, numbers and
 * strings by Jackson's default read constraints, so hostile input cannot exhaust the stack.
 */
final class JsonRowDecoder implements RowDecoder {

    private final JsonFactory factory;
    private final RecordReader root;

    JsonRowDecoder(Schema schema, JsonOptions options) {
        this.root = JsonReaders.forRecord(schema, options);
        this.factory = factory(options);
    }

    static JsonFactory factory(JsonOptions options) {
        return JsonFactory.builder()
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                .streamReadConstraints(
                        StreamReadConstraints.builder()
                                .maxNestingDepth(options.maxNestingDepth())
                                .build())
                .build();
    }

    @Override
    public DecodeResult decode(byte[] bytes) {
        JsonParser parser = null;
        try {
            parser = factory.createParser(bytes);
            JsonToken token = parser.nextToken();
            if (token != JsonToken.START_OBJECT) {
                return new DecodeResult.DecodeError(
                        "expected a JSON object, got " + ValueReader.describe(parser, token),
                        "",
                        tokenOffset(parser));
            }
            GenericRecord row = (GenericRecord) root.read(parser, token);
            if (parser.nextToken() != null) {
                return new DecodeResult.DecodeError(
                        "unexpected content after the JSON object", "", tokenOffset(parser));
            }
            return new DecodeResult.Decoded(row);
        } catch (FieldFailure f) {
            return new DecodeResult.DecodeError(f.reason(), f.fieldPath(), tokenOffset(parser));
        } catch (JacksonException e) {
            return new DecodeResult.DecodeError(
                    "invalid JSON: " + e.getOriginalMessage(),
                    contextPath(parser),
                    offset(e.getLocation()));
        } catch (IOException | RuntimeException | StackOverflowError e) {
            return new DecodeResult.DecodeError("unreadable JSON: " + e, contextPath(parser), -1);
        } finally {
            close(parser);
        }
    }

    private static void close(JsonParser parser) {
        if (parser != null) {
            try {
                parser.close();
            } catch (IOException | RuntimeException e) {
                // Closing a parser over a byte array only returns buffers to Jackson's recycler.
            }
        }
    }

    static long tokenOffset(JsonParser parser) {
        return parser == null ? -1 : offset(parser.currentTokenLocation());
    }

    private static long offset(JsonLocation location) {
        if (location == null) {
            return -1;
        }
        return location.getByteOffset() >= 0 ? location.getByteOffset() : location.getCharOffset();
    }

    /** The dotted path of the parser's position, e.g. {@code Items[2].Price}. */
    static String contextPath(JsonParser parser) {
        if (parser == null) {
            return "";
        }
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext c = parser.getParsingContext();
                c != null && !c.inRoot();
                c = c.getParent()) {
            String segment;
            if (c.inArray()) {
                segment = "[" + Math.max(c.getCurrentIndex(), 0) + "]";
            } else if (c.getCurrentName() != null) {
                segment = c.getCurrentName();
            } else {
                continue;
            }
            if (path.length() > 0 && path.charAt(0) != '[') {
                path.insert(0, '.');
            }
            path.insert(0, segment);
        }
        return path.toString();
    }
}
