package io.sluice.processor.aggregate;

import java.io.IOException;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

/** Optional values writes a value that may be absent: a presence flag, then the value. */
final class OptionalValues {

    private OptionalValues() {}

    static void write(ValueCodec codec, Object value, Encoder out) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            codec.write(value, out);
        }
    }

    static Object read(ValueCodec codec, Decoder in) throws IOException {
        return in.readBoolean() ? codec.read(in) : null;
    }
}
