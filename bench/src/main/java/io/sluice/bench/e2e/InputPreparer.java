package io.sluice.bench.e2e;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Prepares the input topics of the throughput runs before the first round: generates the invoices
 * (and the customers, when a workload joins them), loads them into fresh topics and reads each
 * topic back once.
 */
final class InputPreparer {
    /** The seed of every generated input: the same invoices and customers in every invocation. */
    private static final long INPUT_SEED = 42;

    private final Bench bench;
    private final BenchSettings settings;
    private final List<String> notes;

    /** A preparer on {@code bench} that adds what a reader of the results should know to notes. */
    InputPreparer(Bench bench, List<String> notes) {
        this.bench = bench;
        this.settings = bench.settings();
        this.notes = notes;
    }

    /**
     * Loads the invoices keyed by store, and the other inputs only when a workload reads them. The
     * customers go in before the invoices keyed by card, so that their records are older: Kafka
     * Streams, which picks the oldest record of a task's partitions first, reads its table before
     * the invoices it joins.
     */
    Inputs prepare(List<Workload> workloads) throws InterruptedException {
        Map<InputTopic, InputStats> loaded = new EnumMap<>(InputTopic.class);
        loaded.put(InputTopic.BY_STORE, load(InputTopic.BY_STORE, invoices(), Optional.empty()));
        if (reads(workloads, InputTopic.BY_STORE_ONE_PARTITION)) {
            loaded.put(
                    InputTopic.BY_STORE_ONE_PARTITION,
                    load(InputTopic.BY_STORE_ONE_PARTITION, invoices(), Optional.empty()));
            notes.add(
                    "store-sales-windows reads a one-partition copy of the input, with both"
                            + " engines: this version of Sluice aggregates only single-partition"
                            + " sources (repartitioning by the group key is not built yet).");
        }
        if (reads(workloads, InputTopic.BY_CARD)) {
            CustomerGenerator customers =
                    CustomerGenerator.fromSample(
                            bench.customerSample(), settings.customers(), INPUT_SEED);
            CustomerTable table = loadCustomers(customers);
            InvoiceGenerator invoices =
                    InvoiceGenerator.fromSample(
                            bench.sample(), INPUT_SEED, customers.cards(INPUT_SEED + 1));
            loaded.put(InputTopic.BY_CARD, load(InputTopic.BY_CARD, invoices, Optional.of(table)));
        }
        return new Inputs(loaded);
    }

    private static boolean reads(List<Workload> workloads, InputTopic input) {
        return workloads.stream().anyMatch(w -> w.input() == input);
    }

    /** The invoices of every input topic: the same seed, so the same invoices. */
    private InvoiceGenerator invoices() {
        return InvoiceGenerator.fromSample(bench.sample(), INPUT_SEED);
    }

    /**
     * Loads an input topic of the throughput runs and reads it back; {@code table} is the customers
     * loaded for it.
     */
    private InputStats load(
            InputTopic kind, InvoiceGenerator generator, Optional<CustomerTable> table)
            throws InterruptedException {
        String topic = bench.prefix() + kind.suffix();
        int partitions = kind.partitions(settings);
        bench.topics().create(partitions, topic);
        E2eMain.say(
                "Loading %,d invoices into %s (%d partition%s) ...",
                settings.records(), topic, partitions, partitions == 1 ? "" : "s");
        InputStats input =
                InputLoader.load(
                        bench.bootstrap(),
                        topic,
                        kind,
                        partitions,
                        settings.records(),
                        generator,
                        table);
        E2eMain.say(
                "Loaded %,d records (%,d PRIME, %,d of known customers, %,d windows to close) in"
                        + " %.1f s",
                input.records(),
                input.primeRecords(),
                input.joinedRecords(),
                input.closedWindows(),
                input.loadSeconds());
        readBack(input.topic(), input.records());
        return input;
    }

    /** Loads the customers into a compacted topic and reads them back. */
    private CustomerTable loadCustomers(CustomerGenerator customers) throws InterruptedException {
        String topic = bench.prefix() + "customers";
        bench.topics().createCompacted(settings.partitions(), topic);
        E2eMain.say(
                "Loading %,d customers into %s (compacted, %d partitions) ...",
                customers.count(), topic, settings.partitions());
        CustomerTable table =
                InputLoader.loadCustomers(
                        bench.bootstrap(), topic, settings.partitions(), customers);
        E2eMain.say("Loaded %,d customers in %.1f s", table.customers(), table.loadSeconds());
        readBack(table.topic(), table.customers());
        return table;
    }

    /**
     * Reads a whole input topic once with a {@code read_committed} consumer: it checks the load,
     * and warms the broker's fetch path and the page cache for every workload alike, so that the
     * first workload of the first round does not pay for it.
     */
    private void readBack(String topic, long records) throws InterruptedException {
        long started = System.nanoTime();
        try (OutputWatch watch = OutputWatch.start(bench.bootstrap(), topic)) {
            long deadline = started + settings.runTimeout().toNanos();
            if (!watch.await(() -> watch.count() >= records, deadline, () -> true)) {
                throw new IllegalStateException(
                        String.format(
                                "read %d of the %d records of %s back",
                                watch.count(), records, topic));
            }
        }
        E2eMain.say("Read %s back in %.1f s", topic, (System.nanoTime() - started) / 1e9);
    }
}
