package io.sluice.serdes.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.sluice.serdes.CodecException;
import io.sluice.serdes.RowEncoder;
import io.sluice.serdes.internal.ByteSink;
import io.sluice.serdes.internal.FieldFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * A JSON row encoder writes a row as one compact JSON object, through a generator and buffer that
 * it keeps between rows.
 */
final class JsonRowEncoder implements RowEncoder {

    private static final int INITIAL_CAPACITY = 512;

    private final JsonFactory factory;
    private final JsonWriters.ValueWriter root;
    private final ByteSink sink = new ByteSink(INITIAL_CAPACITY);
    private JsonGenerator generator;

    JsonRowEncoder(Schema schema, JsonOptions options) {
        this.root = JsonWriters.forRecord(schema, options);
        this.factory = JsonRowDecoder.factory(options);
        this.factory.setRootValueSeparator(null);
    }

    @Override
    public byte[] encode(GenericRecord row) {
        sink.reset();
        try {
            JsonGenerator g = generator();
            root.write(g, row);
            g.flush();
            return sink.toByteArray();
        } catch (FieldFailure f) {
            generator = null;
            throw new CodecException("cannot encode row as JSON: " + f.reason(), f.fieldPath());
        } catch (IOException e) {
            generator = null;
            throw new UncheckedIOException("writing to a byte buffer failed", e);
        } catch (RuntimeException e) {
            generator = null;
            throw new CodecException("cannot encode row as JSON: " + e.getMessage(), "", e);
        }
    }

    private JsonGenerator generator() throws IOException {
        if (generator == null) {
            sink.reset();
            generator = factory.createGenerator(sink);
        }
        return generator;
    }
}
