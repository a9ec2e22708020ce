package io.sluice.serdes.avro;

import io.sluice.serdes.DecodeResult;
import io.sluice.serdes.RowDecoder;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * Avro row decoders for the three framings: plain binary, single-object (header {@code C3 01} and
 * the writer schema's fingerprint) and the Confluent wire format (byte 0 and a 4-byte schema id).
 * Writer schemas named by a header are resolved once and remembered.
 */
final class AvroRowDecoders {

    static final int SINGLE_OBJECT_HEADER = 10;
    static final int CONFLUENT_HEADER = 5;

    private AvroRowDecoders() {}

    /** Plain Avro binary written with a known writer schema. */
    static final class Plain implements RowDecoder {
        private final RowDatumReader reader;
        private final AvroBodyReader body = new AvroBodyReader();

        Plain(Schema writer, Schema reader) {
            WriterResolution resolution = WriterResolution.resolve(writer, reader);
            if (resolution.reader() == null) {
                throw new IllegalArgumentException(resolution.incompatibility());
            }
            this.reader = resolution.reader();
        }

        @Override
        public DecodeResult decode(byte[] bytes) {
            return body.read(reader, bytes, 0);
        }
    }

    /** Single-object encoded Avro; writer schemas come from a schema store. */
    static final class SingleObject implements RowDecoder {
        private final Schema rowSchema;
        private final SchemaStore store;
        private final Map<Long, WriterResolution> resolved = new HashMap<>();
        private final AvroBodyReader body = new AvroBodyReader();
        private long lastFingerprint;
        private WriterResolution last;

        SingleObject(Schema rowSchema, SchemaStore store) {
            this.rowSchema = rowSchema;
            this.store = store;
        }

        @Override
        public DecodeResult decode(byte[] bytes) {
            if (bytes.length < SINGLE_OBJECT_HEADER
                    || bytes[0] != (byte) 0xC3
                    || bytes[1] != (byte) 0x01) {
                return new DecodeResult.DecodeError(
                        "not single-object encoded Avro: expected the header C3 01 and an 8-byte fingerprint",
                        "",
                        0);
            }
            long fingerprint = 0;
            for (int i = 9; i >= 2; i--) {
                fingerprint = (fingerprint << 8) | (bytes[i] & 0xFF);
            }
            if (last == null || fingerprint != lastFingerprint) {
                Optional<WriterResolution> found = resolve(fingerprint);
                if (found.isEmpty()) {
                    return new DecodeResult.DecodeError(
                            "unknown writer schema fingerprint " + Long.toHexString(fingerprint),
                            "",
                            2);
                }
                last = found.get();
                lastFingerprint = fingerprint;
            }
            if (last.reader() == null) {
                return new DecodeResult.DecodeError(last.incompatibility(), "", 2);
            }
            return body.read(last.reader(), bytes, SINGLE_OBJECT_HEADER);
        }

        private Optional<WriterResolution> resolve(long fingerprint) {
            WriterResolution known = resolved.get(fingerprint);
            if (known != null) {
                return Optional.of(known);
            }
            Optional<WriterResolution> found =
                    store.findByFingerprint(fingerprint)
                            .map(writer -> WriterResolution.resolve(writer, rowSchema));
            found.ifPresent(r -> resolved.put(fingerprint, r));
            return found;
        }
    }

    /**
     * The Confluent wire format; writer schemas come from a schema directory or a registry by id. A
     * lookup that cannot answer now throws through {@link #decode}: the record is not bad.
     */
    static final class Confluent implements RowDecoder {
        private final Schema rowSchema;
        private final SchemaIdLookup directory;
        private final Map<Integer, WriterResolution> resolved = new HashMap<>();
        private final AvroBodyReader body = new AvroBodyReader();
        private int lastId;
        private WriterResolution last;

        Confluent(Schema rowSchema, SchemaIdLookup directory) {
            this.rowSchema = rowSchema;
            this.directory = directory;
        }

        @Override
        public DecodeResult decode(byte[] bytes) {
            if (bytes.length < CONFLUENT_HEADER || bytes[0] != 0) {
                return new DecodeResult.DecodeError(
                        "not Confluent wire format: expected magic byte 0 and a 4-byte schema id",
                        "",
                        0);
            }
            int id =
                    (bytes[1] & 0xFF) << 24
                            | (bytes[2] & 0xFF) << 16
                            | (bytes[3] & 0xFF) << 8
                            | (bytes[4] & 0xFF);
            if (last == null || id != lastId) {
                WriterResolution found = resolved.get(id);
                if (found == null) {
                    Optional<Schema> writer = directory.schema(id);
                    if (writer.isEmpty()) {
                        return new DecodeResult.DecodeError("unknown schema id " + id, "", 1);
                    }
                    found = WriterResolution.resolve(writer.get(), rowSchema);
                    resolved.put(id, found);
                }
                last = found;
                lastId = id;
            }
            if (last.reader() == null) {
                return new DecodeResult.DecodeError(
                        "schema id " + id + ": " + last.incompatibility(), "", 1);
            }
            return body.read(last.reader(), bytes, CONFLUENT_HEADER);
        }
    }
}
