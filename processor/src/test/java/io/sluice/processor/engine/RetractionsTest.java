package io.sluice.processor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.plan.SinkPlan;
import io.sluice.processor.stateful.Deletion;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class RetractionsTest {
    private static final Schema SESSION =
            SchemaBuilder.record("Session")
                    .fields()
                    .requiredString("User")
                    .requiredLong("Start")
                    .requiredLong("End")
                    .endRecord();

    @Test
    void shouldDeleteOnlyTheKeysTheMergedRowDoesNotTakeWhenTheSinkHasAKey() {
        Retractions retractions = new Retractions(kafka());

        List<GenericRecord> deletions =
                retractions.deletions(
                        List.of(session("u", 0, 5), session("u", 10, 15)),
                        List.of(session("u", 0, 15)));

        assertThat(deletions).hasSize(1);
        assertThat(deletions.get(0)).isInstanceOf(Deletion.class);
        assertThat(deletions.get(0).get("Start")).isEqualTo(10L);
    }

    @Test
    void shouldDeleteEveryRowWhenTheSinkHasNoKeyToCompare() {
        Retractions retractions = new Retractions(new SinkPlan.Console(20));

        List<GenericRecord> deletions =
                retractions.deletions(List.of(session("u", 0, 5)), List.of(session("u", 0, 8)));

        assertThat(deletions).extracting(row -> row.get("End")).containsExactly(5L);
    }

    @Test
    void shouldDeleteEveryRowWhenNoMergedRowFollows() {
        Retractions retractions = new Retractions(kafka());

        List<GenericRecord> deletions =
                retractions.deletions(List.of(session("u", 0, 5)), List.of());

        assertThat(deletions).hasSize(1);
    }

    private static SinkPlan.Kafka kafka() {
        return new SinkPlan.Kafka(
                "out",
                "json",
                SESSION,
                () -> null,
                row -> row.get("User") + "@" + row.get("Start"),
                Map.of(),
                true,
                true);
    }

    private static GenericRecord session(String user, long start, long end) {
        GenericData.Record row = new GenericData.Record(SESSION);
        row.put("User", user);
        row.put("Start", start);
        row.put("End", end);
        return row;
    }
}
