package io.sluice.processor.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.processor.StateCorruptedException;
import io.sluice.processor.aggregate.Accumulator;
import io.sluice.processor.plan.OutputMode;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowStateCodecTest {
    private final WindowAggregator aggregator =
            new WindowAggregator(
                    Plans.plan(
                            Plans.EVENT,
                            new WindowSpec.Tumbling(Duration.ofMinutes(10)),
                            List.of("Action", "Note"),
                            OutputMode.UPDATE,
                            "Count",
                            "count(*)",
                            "Ids",
                            "collect_list(Id)"));
    private final WindowStateCodec codec = aggregator.stateCodec();

    @Test
    void shouldReadBackTheGlobalWindowWhenItsLengthOverflowsALong() {
        WindowAggregator global =
                new WindowAggregator(
                        Plans.plan(
                                Plans.EVENT,
                                new WindowSpec.Global(),
                                List.of("Action"),
                                OutputMode.UPDATE,
                                "Count",
                                "count(*)"));
        Accumulator[] state = new Accumulator[] {global.plan().functions().get(0).newAccumulator()};
        state[0].add("x");
        WindowState written =
                new WindowState(
                        GroupKey.of("open"), new TimeWindow(Long.MIN_VALUE, Long.MAX_VALUE), state);

        WindowState read =
                global.stateCodec()
                        .decodeValue(
                                written.group(),
                                Long.MIN_VALUE,
                                global.stateCodec().encodeValue(written));

        assertThat(read.window()).isEqualTo(new TimeWindow(Long.MIN_VALUE, Long.MAX_VALUE));
        assertThat(read.accumulators()[0].result()).isEqualTo(1L);
    }

    @Test
    void shouldReadBackGroupWhenItHoldsNulls() {
        GroupKey group = GroupKey.of("open", null);

        GroupKey read = codec.decodeGroup(codec.encodeGroup(group));

        assertThat(read).isEqualTo(group);
        assertThat(read.values()).containsExactly("open", null);
    }

    @Test
    void shouldEncodeEqualGroupsToEqualBytes() {
        assertThat(codec.encodeGroup(GroupKey.of("open", "n")))
                .isEqualTo(codec.encodeGroup(GroupKey.of(List.of("open", "n"))));
    }

    @Test
    void shouldEncodeNoBytesWhenThereIsNoGroupBy() {
        WindowAggregator single =
                new WindowAggregator(
                        Plans.plan(
                                Plans.EVENT,
                                new WindowSpec.Session(Duration.ofMinutes(1)),
                                List.of(),
                                OutputMode.UPDATE,
                                "Count",
                                "count(*)"));

        byte[] bytes = single.stateCodec().encodeGroup(GroupKey.of());

        assertThat(bytes).isEmpty();
        assertThat(single.stateCodec().decodeGroup(bytes)).isEqualTo(GroupKey.of());
    }

    @Test
    void shouldReadBackBoundsAndAccumulatorsWhenValueRoundTrips() {
        GroupKey group = GroupKey.of("open", null);
        WindowState state = state(group, 600_000, 1_200_000, "p1", "p2");

        byte[] value = codec.encodeValue(state);
        WindowState read = codec.decodeValue(group, 600_000, value);

        assertThat(value[0]).isEqualTo(WindowStateCodec.FORMAT_VERSION);
        assertThat(read.window()).isEqualTo(new TimeWindow(600_000, 1_200_000));
        assertThat(read.group()).isEqualTo(group);
        assertThat(Arrays.stream(read.accumulators()).map(Accumulator::result))
                .containsExactly(2L, List.of("p1", "p2"));
    }

    @Test
    void shouldReportCorruptStateWhenValueVersionIsUnknown() {
        GroupKey group = GroupKey.of("open", null);
        byte[] value = codec.encodeValue(state(group, 0, 10, "p"));
        value[0] = 7;

        assertThatThrownBy(() -> codec.decodeValue(group, 0, value))
                .isInstanceOf(StateCorruptedException.class)
                .hasMessageContaining("version 7");
    }

    @Test
    void shouldReportCorruptStateWhenGroupBytesAreTruncated() {
        byte[] bytes = codec.encodeGroup(GroupKey.of("open", "note"));

        assertThatThrownBy(() -> codec.decodeGroup(Arrays.copyOf(bytes, bytes.length - 2)))
                .isInstanceOf(StateCorruptedException.class);
    }

    private WindowState state(GroupKey group, long start, long end, String... ids) {
        Accumulator[] accumulators = accumulators();
        for (String id : ids) {
            accumulators[0].add(Boolean.TRUE);
            accumulators[1].add(id);
        }
        return new WindowState(group, new TimeWindow(start, end), accumulators);
    }

    private Accumulator[] accumulators() {
        return aggregator.plan().functions().stream()
                .map(f -> f.newAccumulator())
                .toArray(Accumulator[]::new);
    }
}
