package io.sluice.topologies;

import io.sluice.processor.dstream.KeyValue;
import io.sluice.processor.dstream.kafka.KafkaStreamingJob;
import io.sluice.processor.engine.EngineSettings;
import io.sluice.processor.engine.PipelineRunner;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.Schema;

/**
 * A DStream job on {@link KafkaStreamingJob}, run as its own process so a test can kill it:
 * invoices to (store, item quantity), {@code updateStateByKey} keeping each store's invoice count
 * and quantity, every store's totals sent each batch as JSON keyed by store. A batch a second until
 * SIGTERM.
 *
 * <p>Arguments: bootstrap servers, instance id, state directory, job name, input topic, output
 * topic, invoice schema file.
 */
final class ChaosDStreamMain {
    /** A store's totals: the DStream state, serializable as checkpoints need. */
    record Totals(long invoices, long qty) implements Serializable {}

    private ChaosDStreamMain() {}

    public static void main(String[] args) throws IOException {
        EngineSettings settings =
                EngineSettings.of(args[0], args[1]).withStateDirectory(Path.of(args[2]));
        Schema invoice = new Schema.Parser().parse(Path.of(args[6]).toFile());
        KafkaStreamingJob job =
                KafkaStreamingJob.json(args[3], args[4], invoice, Duration.ofSeconds(1));
        job.toKafka(
                job.input()
                        .mapToPair(
                                row ->
                                        KeyValue.of(
                                                row.get("StoreID").toString(),
                                                ((Number) row.get("ItemQty")).longValue()))
                        .updateStateByKey(
                                (List<Long> quantities, Optional<Totals> totals) -> {
                                    long qty = totals.map(Totals::qty).orElse(0L);
                                    for (long q : quantities) {
                                        qty += q;
                                    }
                                    long count =
                                            totals.map(Totals::invoices).orElse(0L)
                                                    + quantities.size();
                                    return Optional.of(new Totals(count, qty));
                                }),
                args[5],
                KeyValue::key,
                store ->
                        String.format(
                                "{\"StoreID\": \"%s\", \"Invoices\": %d, \"Qty\": %d}",
                                store.key(), store.value().invoices(), store.value().qty()));
        PipelineRunner runner = job.runner(settings, System.out);
        CountDownLatch finished = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        AtomicReference<PipelineRunner.Outcome> outcome = new AtomicReference<>();
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(() -> stopOnSignal(runner, stopping, finished, outcome)));
        outcome.set(runner.run());
        System.out.println("outcome: " + outcome.get());
        finished.countDown();
        if (!stopping.get()) {
            System.exit(exitCode(outcome.get()));
        }
    }

    /** On SIGTERM: let the batch in flight end, then exit with the run's code (not 143). */
    private static void stopOnSignal(
            PipelineRunner runner,
            AtomicBoolean stopping,
            CountDownLatch finished,
            AtomicReference<PipelineRunner.Outcome> outcome) {
        if (finished.getCount() == 0) {
            return; // the run ended by itself and main is exiting with its code
        }
        stopping.set(true);
        runner.stop();
        try {
            if (finished.await(60, TimeUnit.SECONDS)) {
                System.out.flush();
                Runtime.getRuntime().halt(exitCode(outcome.get()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int exitCode(PipelineRunner.Outcome outcome) {
        return outcome == PipelineRunner.Outcome.FINISHED ? 0 : 1;
    }
}
