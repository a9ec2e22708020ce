package io.sluice.processor.operator;

import io.sluice.processor.RowCollector;
import io.sluice.processor.RowOperator;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** Drop emits each row without some of its columns. */
final class Drop implements RowOperator {
    private final Schema schema;
    private final Set<String> dropped;
    private final int[] sourcePositions;

    Drop(Schema input, String recordName, Collection<String> columns) {
        this.dropped = new LinkedHashSet<>(columns);
        for (String column : dropped) {
            RecordSchemas.requireField(input, column);
        }
        List<Schema.Field> fields = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (Schema.Field field : input.getFields()) {
            if (!dropped.contains(field.name())) {
                fields.add(RecordSchemas.copy(field));
                positions.add(field.pos());
            }
        }
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("a drop cannot remove every column");
        }
        this.schema = RecordSchemas.record(recordName, fields);
        this.sourcePositions = positions.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public Schema outputSchema() {
        return schema;
    }

    @Override
    public void process(GenericRecord row, RowCollector out) {
        GenericData.Record result = new GenericData.Record(schema);
        for (int i = 0; i < sourcePositions.length; i++) {
            result.put(i, row.get(sourcePositions[i]));
        }
        out.collect(result);
    }

    /** The input columns the needed columns were. */
    @Override
    public Optional<BitSet> inputColumns(BitSet needed) {
        BitSet read = new BitSet();
        needed.stream()
                .filter(i -> i < sourcePositions.length)
                .forEach(i -> read.set(sourcePositions[i]));
        return Optional.of(read);
    }

    @Override
    public String toString() {
        return "drop " + String.join(", ", dropped);
    }
}
