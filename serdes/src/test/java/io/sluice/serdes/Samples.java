package io.sluice.serdes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/** Samples gives tests the shared sample data, the test schemas and a fully populated row. */
public final class Samples {

    private Samples() {}

    /** A file of the shared sample data directory (system property {@code sluice.shared.data}). */
    public static Path sharedData(String name) {
        String dir = System.getProperty("sluice.shared.data", "../../shared/data");
        return Paths.get(dir).resolve(name);
    }

    /** The non-empty lines of a shared sample file. */
    public static List<String> lines(String name) {
        try {
            List<String> lines = new ArrayList<>();
            for (String line : Files.readAllLines(sharedData(name), StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    lines.add(line);
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A test schema from {@code src/test/resources/schemas}. */
    public static Schema schema(String file) {
        return Schemas.parse(resource("schemas/" + file));
    }

    /** A test resource as a path. */
    public static Path resource(String name) {
        try {
            return Paths.get(Samples.class.getClassLoader().getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A row of all-types.avsc with every field set. */
    public static GenericData.Record allTypesRow(Schema schema) {
        GenericData.Record row = new GenericData.Record(schema);
        row.put("flag", true);
        row.put("count", 42);
        row.put("total", 9_000_000_000L);
        row.put("ratio", 0.25f);
        row.put("amount", 1234.5);
        row.put("name", "Zoë \"quoted\", with comma");
        row.put("payload", ByteBuffer.wrap(new byte[] {1, 2, 3}));
        row.put(
                "hash",
                new GenericData.Fixed(schema.getField("hash").schema(), new byte[] {9, 8, 7, 6}));
        row.put("color", new GenericData.EnumSymbol(schema.getField("color").schema(), "GREEN"));
        row.put("tags", List.of("a", "b"));
        Map<String, Object> scores = new LinkedHashMap<>();
        scores.put("x", 1L);
        scores.put("y", 2L);
        row.put("scores", scores);
        GenericData.Record address = new GenericData.Record(schema.getField("address").schema());
        address.put("street", "Main St");
        address.put("zip", 12345);
        row.put("address", address);
        Schema lineSchema = schema.getField("lines").schema().getElementType();
        GenericData.Record line = new GenericData.Record(lineSchema);
        line.put("sku", "A-1");
        line.put("qty", 3);
        row.put("lines", List.of(line));
        row.put("note", null);
        row.put("choice", "text");
        row.put("createdAt", 1_549_361_100_000L);
        row.put("createdAtMicros", 1_549_361_100_000_123L);
        row.put("day", 17_932);
        row.put("price", new BigDecimal("12.50"));
        row.put("fixedPrice", new BigDecimal("-3.125"));
        row.put("id", "123e4567-e89b-12d3-a456-426614174000");
        row.put("level", 7);
        return row;
    }

    /**
     * A row as plain Java values for exact comparison: records become maps of field to value, bytes
     * and fixed become hex text, enum symbols become {@code enum:SYMBOL}; the Java type of every
     * other value is kept, so an Integer never equals a Long.
     */
    public static Object plain(Object value) {
        if (value instanceof org.apache.avro.generic.IndexedRecord) {
            org.apache.avro.generic.IndexedRecord record =
                    (org.apache.avro.generic.IndexedRecord) value;
            Map<String, Object> map = new LinkedHashMap<>();
            for (Schema.Field field : record.getSchema().getFields()) {
                map.put(field.name(), plain(record.get(field.pos())));
            }
            return map;
        }
        if (value instanceof ByteBuffer) {
            ByteBuffer b = ((ByteBuffer) value).duplicate();
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            return "hex:" + java.util.HexFormat.of().formatHex(bytes);
        }
        if (value instanceof org.apache.avro.generic.GenericFixed) {
            return "hex:"
                    + java.util.HexFormat.of()
                            .formatHex(((org.apache.avro.generic.GenericFixed) value).bytes());
        }
        if (value instanceof GenericData.EnumSymbol) {
            return "enum:" + value;
        }
        if (value instanceof List) {
            List<Object> list = new ArrayList<>();
            for (Object item : (List<?>) value) {
                list.add(plain(item));
            }
            return list;
        }
        if (value instanceof Map) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                map.put(e.getKey().toString(), plain(e.getValue()));
            }
            return map;
        }
        if (value instanceof BigDecimal) {
            return "decimal:" + ((BigDecimal) value).toPlainString();
        }
        return value;
    }
}
