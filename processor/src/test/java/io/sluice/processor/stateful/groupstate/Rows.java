package io.sluice.processor.stateful.groupstate;

import io.sluice.processor.window.GroupColumn;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** Rows of the group-state tests: events of a user in, (user, count) out. */
final class Rows {
    static final Schema EVENT =
            SchemaBuilder.record("Event")
                    .fields()
                    .requiredString("user")
                    .requiredLong("time")
                    .endRecord();
    static final Schema COUNT =
            SchemaBuilder.record("Count")
                    .fields()
                    .requiredString("user")
                    .requiredLong("count")
                    .endRecord();
    static final List<GroupColumn> BY_USER = GroupStateSteps.keyColumns(EVENT, "user");

    private Rows() {}

    static TaskHarness.Input event(String user, long timeMs) {
        GenericRecord row = new GenericData.Record(EVENT);
        row.put("user", user);
        row.put("time", timeMs);
        return new TaskHarness.Input(row, timeMs);
    }

    static GenericRecord count(Object user, long count) {
        GenericRecord row = new GenericData.Record(COUNT);
        row.put("user", user);
        row.put("count", count);
        return row;
    }

    /** Rows as "user=count" strings, to compare. */
    static List<String> text(List<GenericRecord> rows) {
        List<String> text = new ArrayList<>();
        for (GenericRecord row : rows) {
            text.add(row.get("user") + "=" + row.get("count"));
        }
        return text;
    }
}
