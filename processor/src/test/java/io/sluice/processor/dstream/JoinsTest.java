package io.sluice.processor.dstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Edge cases of the join functions over two batches' records. */
class JoinsTest {

    private static final List<KeyValue<String, Integer>> NO_LEFT = List.of();
    private static final List<KeyValue<String, String>> NO_RIGHT = List.of();

    @Test
    void shouldGiveNoRecordWhenBothBatchesAreEmpty() {
        assertThat(Joins.inner(NO_LEFT, NO_RIGHT)).isEmpty();
        assertThat(Joins.leftOuter(NO_LEFT, NO_RIGHT)).isEmpty();
        assertThat(Joins.rightOuter(NO_LEFT, NO_RIGHT)).isEmpty();
        assertThat(Joins.fullOuter(NO_LEFT, NO_RIGHT)).isEmpty();
        assertThat(Joins.cogroup(NO_LEFT, NO_RIGHT)).isEmpty();
    }

    @Test
    void shouldPassNullValuesThroughWhenNoOptionalWrapsThem() {
        List<KeyValue<String, Integer>> left = List.of(KeyValue.of("a", null));
        List<KeyValue<String, String>> right = List.of(KeyValue.of("a", null));

        assertThat(Joins.inner(left, right))
                .containsExactly(KeyValue.of("a", new Joined<>(null, null)));
        assertThat(Joins.leftOuter(left, NO_RIGHT))
                .containsExactly(KeyValue.of("a", new Joined<>(null, Optional.empty())));
        assertThat(Joins.rightOuter(NO_LEFT, right))
                .containsExactly(KeyValue.of("a", new Joined<>(Optional.empty(), null)));
        assertThat(Joins.cogroup(left, right))
                .containsExactly(
                        KeyValue.of(
                                "a", new Cogrouped<>(Arrays.asList((Integer) null), nullList())));
    }

    @Test
    void shouldRefuseANullValueWhenAnOuterJoinWouldWrapItInAnOptional() {
        List<KeyValue<String, Integer>> left = List.of(KeyValue.of("a", 1));
        List<KeyValue<String, String>> nullRight = List.of(KeyValue.of("b", null));

        assertThatThrownBy(() -> Joins.leftOuter(left, nullRight))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "leftOuterJoin wraps the right stream's values in Optional, but key b has"
                                + " a null value: filter out or replace null values (mapValues)"
                                + " before joining");
        assertThatThrownBy(() -> Joins.rightOuter(List.of(KeyValue.of("a", null)), NO_RIGHT))
                .hasMessageStartingWith(
                        "rightOuterJoin wraps the left stream's values in Optional, but key a");
        assertThatThrownBy(() -> Joins.fullOuter(left, nullRight))
                .hasMessageStartingWith(
                        "fullOuterJoin wraps the right stream's values in Optional, but key b");
    }

    @Test
    void shouldJoinNullKeysWithEachOtherWhenBothSidesHaveThem() {
        List<KeyValue<String, Integer>> left = List.of(KeyValue.of(null, 1));
        List<KeyValue<String, String>> right = List.of(KeyValue.of(null, "x"));

        assertThat(Joins.inner(left, right))
                .containsExactly(KeyValue.of(null, new Joined<>(1, "x")));
        assertThat(Joins.fullOuter(left, right))
                .containsExactly(KeyValue.of(null, new Joined<>(Optional.of(1), Optional.of("x"))));
    }

    @Test
    void shouldKeepCogroupedValuesImmutableWhenTheCallerChangesItsLists() {
        List<Integer> values = new ArrayList<>(List.of(1));
        Cogrouped<Integer, String> cogrouped = new Cogrouped<>(values, List.of());

        values.add(2);

        assertThat(cogrouped.left()).containsExactly(1);
        assertThatThrownBy(() -> cogrouped.left().add(3))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shouldPrintValuesAsSparkPrintsPairsWhenFormatted() {
        assertThat(new Cogrouped<>(List.of(1, 3), List.of("x")).toString())
                .isEqualTo("([1, 3],[x])");
        assertThat(new Joined<>(1, Optional.empty()).toString()).isEqualTo("(1,Optional.empty)");
    }

    private static List<String> nullList() {
        return Arrays.asList((String) null);
    }
}
