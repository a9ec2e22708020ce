package io.sluice.processor.engine;

import io.sluice.processor.plan.SinkPlan;
import io.sluice.processor.stateful.Deletion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.apache.avro.generic.GenericRecord;

/**
 * Retractions turns the rows a retracted session became after the steps that follow the aggregation
 * into the deletions the sink writes: one per row, except where the merged session's row goes under
 * the same sink key, which replaces it anyway (a session that only grew, under a key of its group
 * and start).
 */
final class Retractions {
    private final Function<GenericRecord, Object> sinkKey; // null: the sink has no key to compare

    Retractions(SinkPlan sink) {
        this.sinkKey = sink instanceof SinkPlan.Kafka kafka ? kafka.key() : null;
    }

    /**
     * The deletions of {@code retracted} that no row of {@code replacement} (the merged session's
     * rows after the same steps, sent right after) overwrites.
     */
    List<GenericRecord> deletions(List<GenericRecord> retracted, List<GenericRecord> replacement) {
        List<GenericRecord> deletions = new ArrayList<>(retracted.size());
        for (GenericRecord row : retracted) {
            if (!overwritten(row, replacement)) {
                deletions.add(Deletion.of(row));
            }
        }
        return deletions;
    }

    private boolean overwritten(GenericRecord row, List<GenericRecord> replacement) {
        if (sinkKey == null || replacement.isEmpty()) {
            return false;
        }
        try {
            Object key = sinkKey.apply(row);
            for (GenericRecord next : replacement) {
                if (sameKey(key, sinkKey.apply(next))) {
                    return true;
                }
            }
        } catch (RuntimeException e) {
            return false; // the sink reports a key that fails when it writes the deletion
        }
        return false;
    }

    private static boolean sameKey(Object a, Object b) {
        if (a == null || b == null) {
            return false; // a row without a key is written without one: nothing is replaced
        }
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        return Objects.equals(a, b) || a.toString().equals(b.toString());
    }
}
