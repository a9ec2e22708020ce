package io.sluice.processor.api;

import io.sluice.processor.pipeline.CompiledPipeline;
import io.sluice.processor.plan.MemoryTable;
import io.sluice.processor.plan.SinkPlan;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;

/** A sink that appends committed rows to an in-process table: {@link Sink#memory}. */
public final class MemorySink extends Sink {
    private final MemoryTable table;

    MemorySink(MemoryTable table) {
        this.table = table;
    }

    /** The table the pipeline's committed rows go to. */
    public MemoryTable table() {
        return table;
    }

    @Override
    Map<String, Object> section(Map<String, Schema> givenSchemas) {
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("type", "memory");
        section.put("name", table.name());
        return section;
    }

    @Override
    CompiledPipeline bind(CompiledPipeline compiled) {
        return ForeachSink.withSink(compiled, new SinkPlan.Memory(table));
    }
}
