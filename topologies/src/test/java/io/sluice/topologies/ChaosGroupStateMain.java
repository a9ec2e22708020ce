package io.sluice.topologies;

import io.sluice.processor.api.Pipelines;
import io.sluice.processor.api.Sink;
import io.sluice.processor.api.Source;
import io.sluice.processor.engine.EngineSettings;
import io.sluice.processor.engine.PipelineRunner;
import io.sluice.processor.plan.Trigger;
import io.sluice.processor.stateful.groupstate.GroupStateTimeout;
import io.sluice.processor.stateful.groupstate.StateCodec;
import java.nio.file.Path;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * A group-state pipeline built in Java, run as its own process so a test can kill it: invoices
 * grouped by store, {@code mapGroupsWithState} keeping the store's invoice count and item quantity
 * (state {@code "count,qty"}) and emitting them every batch the store has rows; availableNow, so it
 * exits 0 once the input present at start is done.
 *
 * <p>Arguments: bootstrap servers, instance id, state directory, pipeline name, input topic, output
 * topic, invoice schema file, max records per batch.
 */
final class ChaosGroupStateMain {
    static final Schema TOTALS =
            SchemaBuilder.record("StoreTotals")
                    .fields()
                    .requiredString("StoreID")
                    .requiredLong("Invoices")
                    .requiredLong("Qty")
                    .endRecord();

    private ChaosGroupStateMain() {}

    public static void main(String[] args) {
        EngineSettings settings =
                EngineSettings.of(args[0], args[1]).withStateDirectory(Path.of(args[2]));
        PipelineRunner.Outcome outcome =
                Pipelines.named(args[3])
                        .source(Source.topic(args[4]).format("json").schema(Path.of(args[6])))
                        .groupBy("StoreID")
                        .mapGroupsWithState(
                                TOTALS,
                                StateCodec.strings(),
                                GroupStateTimeout.NO_TIMEOUT,
                                (key, rows, state) -> {
                                    String[] before = state.getOption().orElse("0,0").split(",");
                                    long count = Long.parseLong(before[0]) + rows.size();
                                    long qty = Long.parseLong(before[1]);
                                    for (GenericRecord row : rows) {
                                        qty += ((Number) row.get("ItemQty")).longValue();
                                    }
                                    state.update(count + "," + qty);
                                    GenericRecord totals = new GenericData.Record(TOTALS);
                                    totals.put("StoreID", key.get(0).toString());
                                    totals.put("Invoices", count);
                                    totals.put("Qty", qty);
                                    return totals;
                                })
                        .trigger(new Trigger.AvailableNow())
                        .maxRecordsPerBatch(Integer.parseInt(args[7]))
                        .sink(Sink.topic(args[5]).format("json").key("StoreID"))
                        .build()
                        .run(settings);
        System.out.println("outcome: " + outcome);
        System.exit(outcome == PipelineRunner.Outcome.FINISHED ? 0 : 1);
    }
}
