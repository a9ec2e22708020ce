package io.sluice.processor.window;

import io.sluice.processor.aggregate.AggregateSpec;
import io.sluice.processor.expr.ExpressionCompiler;
import io.sluice.processor.plan.OutputMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** Plans builds aggregation plans and rows for the window tests, and prints result rows. */
final class Plans {
    static final Schema TIMESTAMP =
            LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));

    /** A phone event: which device, what it did, when. */
    static final Schema EVENT =
            SchemaBuilder.record("Event")
                    .fields()
                    .requiredString("Id")
                    .requiredString("Action")
                    .name("Time")
                    .type(TIMESTAMP)
                    .noDefault()
                    .optionalString("Note")
                    .endRecord();

    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    private Plans() {}

    /** A plan over {@code input}; {@code aggregates} alternate output names and expressions. */
    static AggregationPlan plan(
            Schema input,
            WindowSpec window,
            List<String> groupBy,
            OutputMode mode,
            String... aggregates) {
        List<GroupColumn> columns = new ArrayList<>();
        for (String column : groupBy) {
            columns.add(new GroupColumn(column, ExpressionCompiler.compile(column, input)));
        }
        Map<String, String> spec = new LinkedHashMap<>();
        for (int i = 0; i < aggregates.length; i += 2) {
            spec.put(aggregates[i], aggregates[i + 1]);
        }
        return new AggregationPlan(
                "Result", window, columns, AggregateSpec.compile(spec, input), mode);
    }

    /** An event of device {@code id} at {@code clock} (HH:mm on 2024-01-01, UTC). */
    static EventRow event(String id, String clock, String action) {
        GenericData.Record row = new GenericData.Record(EVENT);
        long time = at(clock);
        row.put("Id", id);
        row.put("Action", action);
        row.put("Time", time);
        return new EventRow(row, time);
    }

    /** Epoch millis of {@code clock}, HH:mm on 2024-01-01 UTC. */
    static long at(String clock) {
        return Instant.parse("2024-01-01T" + clock + ":00Z").toEpochMilli();
    }

    /** The rows as text: values joined by commas, timestamps as HH:mm. */
    static List<String> text(List<GenericRecord> rows) {
        List<String> lines = new ArrayList<>();
        for (GenericRecord row : rows) {
            lines.add(text(row));
        }
        return lines;
    }

    static String text(GenericRecord row) {
        StringBuilder line = new StringBuilder();
        for (Schema.Field field : row.getSchema().getFields()) {
            if (line.length() > 0) {
                line.append(',');
            }
            Object value = row.get(field.pos());
            boolean timestamp =
                    field.schema().getLogicalType() instanceof LogicalTypes.TimestampMillis;
            line.append(timestamp ? CLOCK.format(Instant.ofEpochMilli((Long) value)) : value);
        }
        return line.toString();
    }
}
