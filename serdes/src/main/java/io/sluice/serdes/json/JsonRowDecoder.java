package io.sluice.serdes.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.sluice.serdes.DecodeResult;
import io.sluice.serdes.JsonErrors;
import io.sluice.serdes.RowDecoder;
import io.sluice.serdes.internal.FieldFailure;
import java.io.IOException;
import java.util.BitSet;
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

    /** Records between fresh parsers, bounding what a long-lived parser accumulates. */
    private static final int RECORDS_PER_PARSER = 4096;

    private final JsonFactory factory;
    private final RecordReader root;
    private final RecordInput input = new RecordInput();
    private JsonParser parser;
    private int parsedRecords;
    private long recordStart;
    private boolean oneShot;

    JsonRowDecoder(Schema schema, JsonOptions options) {
        this(JsonReaders.forRecord(schema, options), factory(options));
    }

    private JsonRowDecoder(RecordReader root, JsonFactory factory) {
        this.root = root;
        this.factory = factory;
    }

    @Override
    public RowDecoder readingOnly(BitSet columns) {
        return new JsonRowDecoder(root.readingOnly(columns), factory);
    }

    static JsonFactory factory(JsonOptions options) {
        return JsonFactory.builder()
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                // the encoder's (JsonRowEncoder): Schubfach's shortest digits, several times faster
                // than Double.toString, which JFR found in a JSON sink's profile
                .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
                // names the schema does not know must not grow the JVM's string table
                .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
                .streamReadConstraints(
                        StreamReadConstraints.builder()
                                .maxNestingDepth(options.maxNestingDepth())
                                .build())
                .build();
    }

    /**
     * Decodes one record with a parser kept across records: creating a Jackson parser costs more
     * than half the allocation of a decode. The parser reads the record through {@link
     * RecordInput}; after any failure it is dropped and the next record starts a fresh one.
     */
    @Override
    public DecodeResult decode(byte[] bytes) {
        DecodeResult result;
        try {
            result = read(bytes);
        } catch (FieldFailure f) {
            result = new DecodeResult.DecodeError(f.reason(), f.fieldPath(), tokenOffset());
        } catch (JacksonException e) {
            result =
                    new DecodeResult.DecodeError(
                            "invalid JSON: " + JsonErrors.reason(e),
                            contextPath(parser),
                            relative(offset(e.getLocation())));
        } catch (IOException | RuntimeException | StackOverflowError e) {
            result = new DecodeResult.DecodeError("unreadable JSON: " + e, contextPath(parser), -1);
        }
        if (result instanceof DecodeResult.DecodeError
                || oneShot
                || ++parsedRecords == RECORDS_PER_PARSER) {
            close(parser);
            parser = null;
        }
        return result;
    }

    private DecodeResult read(byte[] bytes) throws IOException {
        oneShot = !isPlainUtf8(bytes);
        if (oneShot) {
            close(parser);
            parser = factory.createParser(bytes);
            input.setRead(bytes);
            recordStart = 0;
        } else {
            input.set(bytes);
            if (parser == null) {
                parser = factory.createParser(input);
                parsedRecords = 0;
                recordStart = 0;
            }
        }
        JsonToken token = parser.nextToken();
        if (token != JsonToken.START_OBJECT) {
            return new DecodeResult.DecodeError(
                    "expected a JSON object, got " + ValueReader.describe(parser, token),
                    "",
                    tokenOffset());
        }
        GenericRecord row = (GenericRecord) root.read(parser, token);
        parser.releaseBuffered(input.trailing());
        int trailing = input.trailingContentIndex();
        if (trailing >= 0) {
            // the current token is still the closing brace, so its offset starts the trailing bytes
            return new DecodeResult.DecodeError(
                    "unexpected content after the JSON object", "", tokenOffset() + 1 + trailing);
        }
        recordStart += bytes.length;
        return new DecodeResult.Decoded(row);
    }

    /**
     * Whether Jackson's encoding detection would read these bytes as UTF-8 without a byte-order
     * mark; only such records share the long-lived parser, whose encoding was fixed by its first.
     */
    private static boolean isPlainUtf8(byte[] bytes) {
        if (bytes.length == 0
                || bytes[0] == (byte) 0xEF
                || bytes[0] == (byte) 0xFE
                || bytes[0] == (byte) 0xFF) {
            return false;
        }
        for (int i = 0; i < Math.min(4, bytes.length); i++) {
            if (bytes[i] == 0) {
                return false;
            }
        }
        return true;
    }

    private long tokenOffset() {
        return parser == null ? -1 : relative(offset(parser.currentTokenLocation()));
    }

    private long relative(long offset) {
        return offset < 0 ? offset : offset - recordStart;
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
