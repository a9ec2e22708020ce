package io.sluice.processor.engine;

import io.sluice.processor.plan.PipelinePlan;
import io.sluice.processor.plan.SinkPlan;
import io.sluice.processor.plan.Trigger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericRecord;

/**
 * A process for {@link ForeachBatchReplayIT}: runs a foreachBatch pipeline whose function writes
 * each call's batch id and rows to a file (as a function that writes elsewhere would), and halts
 * the JVM inside its {@code haltOnCall}-th call: after the batch was planned, before it committed.
 *
 * <p>Arguments: bootstrap servers, input topic, pipeline name, record file, haltOnCall (0: never),
 * and "availableNow" or "continuous".
 */
public final class ForeachBatchRecorder {
    private ForeachBatchRecorder() {}

    public static void main(String[] args) {
        String bootstrap = args[0];
        String input = args[1];
        String name = args[2];
        Path file = Path.of(args[3]);
        int haltOnCall = Integer.parseInt(args[4]);
        Trigger trigger =
                "availableNow".equals(args[5])
                        ? new Trigger.AvailableNow()
                        : new Trigger.AsFastAsPossible();
        PipelinePlan upper = TestPipelines.upperCase(name, input, "unused", trigger, 1_000);
        int[] calls = {0};
        PipelinePlan plan =
                new PipelinePlan(
                        upper.name(),
                        upper.source(),
                        upper.operators(),
                        new SinkPlan.ForeachBatch(
                                (batchId, rows, send) -> {
                                    append(file, batchId, rows);
                                    if (++calls[0] == haltOnCall) {
                                        Runtime.getRuntime().halt(137);
                                    }
                                }),
                        upper.trigger(),
                        upper.errors(),
                        upper.maxRecordsPerBatch());
        EngineSettings settings = EngineSettings.of(bootstrap, "recorder");
        PipelineRunner.Outcome outcome = new PipelineRunner(plan, settings, System.out).run();
        System.exit(outcome == PipelineRunner.Outcome.FINISHED ? 0 : 1);
    }

    private static void append(Path file, long batchId, List<GenericRecord> rows) {
        List<String> values = new ArrayList<>();
        for (GenericRecord row : rows) {
            values.add(row.get(0).toString());
        }
        String line = batchId + "\t" + String.join(",", values) + "\n";
        try (FileChannel channel =
                FileChannel.open(
                        file,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND)) {
            channel.write(java.nio.ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
