package io.sluice.processor.dstream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/**
 * Checkpoints are a context's state between batches as bytes: its times, every node's remembered
 * batches and own state, every store's entries. Java serialization, as Spark Streaming's
 * checkpoints: records and state must be {@link Serializable}; Avro records (the rows a Kafka job
 * reads) are written as their schema and binary encoding, and an {@link Optional} (the outer joins'
 * values), which is not serializable, as its value.
 */
final class Checkpoints {
    private static final int VERSION = 1;

    private Checkpoints() {}

    /**
     * What a checkpoint holds.
     *
     * @param nodes the class of each node, in graph order, to check that the graph is the same
     */
    record Snapshot(
            int version,
            long zeroMs,
            Long lastBatchMs,
            List<String> nodes,
            List<TreeMap<Time, List<?>>> batches,
            List<Serializable> nodeStates,
            Map<String, List<KeyValue<?, ?>>> stores)
            implements Serializable {}

    static Snapshot snapshot(
            long zeroMs,
            Long lastBatchMs,
            List<String> nodes,
            List<TreeMap<Time, List<?>>> batches,
            List<Serializable> nodeStates,
            Map<String, List<KeyValue<?, ?>>> stores) {
        return new Snapshot(VERSION, zeroMs, lastBatchMs, nodes, batches, nodeStates, stores);
    }

    /**
     * The bytes of {@code snapshot}.
     *
     * @throws IllegalStateException when a record or state is not serializable, naming it
     */
    static byte[] write(Snapshot snapshot) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new AvroAwareOutput(bytes)) {
            out.writeObject(snapshot);
        } catch (java.io.NotSerializableException e) {
            throw new IllegalStateException(
                    "a checkpoint needs serializable records and state; "
                            + e.getMessage()
                            + " is not",
                    e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The snapshot {@link #write} wrote. */
    static Snapshot read(byte[] bytes) {
        try (ObjectInputStream in = new AvroAwareInput(new ByteArrayInputStream(bytes))) {
            Snapshot snapshot = (Snapshot) in.readObject();
            Checks.state(
                    snapshot.version() == VERSION,
                    "checkpoint version %d; this version reads %d",
                    snapshot.version(),
                    VERSION);
            return snapshot;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("a checkpoint names a class not here: " + e, e);
        }
    }

    /** An Avro record in a checkpoint: its schema and binary encoding. */
    private record AvroRecord(String schema, byte[] bytes) implements Serializable {}

    /** An {@link Optional} in a checkpoint: its value, null when empty (it never holds null). */
    private record OptionalValue(Object value) implements Serializable {}

    private static final class AvroAwareOutput extends ObjectOutputStream {
        AvroAwareOutput(OutputStream out) throws IOException {
            super(out);
            enableReplaceObject(true);
        }

        @Override
        protected Object replaceObject(Object object) throws IOException {
            if (object instanceof GenericRecord record) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(bytes, null);
                new GenericDatumWriter<GenericRecord>(record.getSchema(), GenericData.get())
                        .write(record, encoder);
                encoder.flush();
                return new AvroRecord(record.getSchema().toString(), bytes.toByteArray());
            }
            if (object instanceof Optional<?> optional) {
                return new OptionalValue(optional.orElse(null));
            }
            return object;
        }
    }

    private static final class AvroAwareInput extends ObjectInputStream {
        AvroAwareInput(InputStream in) throws IOException {
            super(in);
            enableResolveObject(true);
        }

        @Override
        protected Object resolveObject(Object object) throws IOException {
            if (object instanceof AvroRecord avro) {
                Schema schema = new Schema.Parser().parse(avro.schema());
                return new GenericDatumReader<GenericRecord>(schema, schema, GenericData.get())
                        .read(null, DecoderFactory.get().binaryDecoder(avro.bytes(), null));
            }
            if (object instanceof OptionalValue optional) {
                return Optional.ofNullable(optional.value());
            }
            return object;
        }
    }
}
