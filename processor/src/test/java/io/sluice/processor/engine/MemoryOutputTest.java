package io.sluice.processor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.plan.MemoryTable;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/** The memory sink: rows visible once their batch committed, once however often it ran. */
class MemoryOutputTest {
    private static final Schema ROW =
            SchemaBuilder.record("Row").fields().requiredString("id").endRecord();

    private final MemoryTable table = MemoryTable.create("memory-output-test");
    private final OutputWriter output = MemoryOutput.writer(table);
    private final RecordProcessor.Sender noRecords =
            record -> {
                throw new AssertionError("a memory sink sends no records, sent " + record);
            };

    @Test
    void shouldShowABatchsRowsOnlyOnceItCommitted() {
        write("a", "b");

        output.beforeCommit(0, noRecords);

        assertThat(table.rows()).isEmpty();

        output.afterCommit(0);

        assertThat(ids()).containsExactly("a", "b");
    }

    @Test
    void shouldAddAReplayedBatchOnceWhenItsFirstAttemptAborted() {
        write("a", "b");
        output.beforeCommit(0, noRecords);
        output.afterAbort();

        write("a", "b");
        output.beforeCommit(0, noRecords);
        output.afterCommit(0);

        assertThat(ids()).containsExactly("a", "b");
        assertThat(table.batches()).isEqualTo(1);
    }

    private void write(String... ids) {
        for (String id : ids) {
            GenericRecord row = new GenericData.Record(ROW);
            row.put("id", id);
            assertThat(output.prepare(List.of(row), null)).isNull();
            output.write(null, null);
        }
    }

    private List<String> ids() {
        return table.rows().stream().map(r -> r.get("id").toString()).toList();
    }
}
