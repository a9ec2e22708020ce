package io.sluice.bench.e2e;

import java.util.Map;
import java.util.Optional;

/**
 * The input topics of the throughput runs that this invocation loaded.
 *
 * @param loaded what each loaded topic holds; {@link InputTopic#BY_STORE} is always there
 */
record Inputs(Map<InputTopic, InputStats> loaded) {
    Inputs {
        loaded = Map.copyOf(loaded);
        if (!loaded.containsKey(InputTopic.BY_STORE)) {
            throw new IllegalArgumentException("the invoices keyed by store were not loaded");
        }
    }

    /** The input {@code workload} reads. */
    InputStats of(Workload workload) {
        InputStats stats = loaded.get(workload.input());
        if (stats == null) {
            throw new IllegalStateException(
                    String.format(
                            "%s reads %s, which was not loaded", workload.id(), workload.input()));
        }
        return stats;
    }

    /** The invoices keyed by store: what most workloads read. */
    InputStats main() {
        return loaded.get(InputTopic.BY_STORE);
    }

    /** What {@code topic} holds, if it was loaded. */
    Optional<InputStats> find(InputTopic topic) {
        return Optional.ofNullable(loaded.get(topic));
    }
}
