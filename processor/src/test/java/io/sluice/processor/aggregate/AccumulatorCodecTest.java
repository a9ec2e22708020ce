package io.sluice.processor.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.processor.StateCorruptedException;
import io.sluice.processor.aggregate.AggregateFunction.Kind;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class AccumulatorCodecTest {
    private static final Schema INT = Schema.create(Schema.Type.INT);
    private static final Schema STRING = Schema.create(Schema.Type.STRING);
    private final AccumulatorCodec codec =
            new AccumulatorCodec(
                    List.of(
                            AggregateFunction.countAll(),
                            AggregateFunction.of(Kind.SUM, INT),
                            AggregateFunction.of(Kind.LAST, STRING)));

    @Test
    void shouldReadBackEveryAccumulatorWhenRowRoundTrips() {
        Accumulator[] accumulators = codec.newAccumulators();
        accumulators[0].add(Boolean.TRUE);
        accumulators[1].add(41);
        accumulators[2].add("x");

        Accumulator[] read = codec.decode(codec.encode(accumulators));

        assertThat(Arrays.stream(read).map(Accumulator::result)).containsExactly(1L, 41L, "x");
    }

    @Test
    void shouldStartWithVersionByteWhenEncoded() {
        byte[] bytes = codec.encode(codec.newAccumulators());

        assertThat(bytes[0]).isEqualTo(AggregateFunction.FORMAT_VERSION);
        assertThat(bytes).hasSizeLessThan(8);
    }

    @Test
    void shouldMergeEachPositionWhenRowsMerge() {
        Accumulator[] earlier = codec.newAccumulators();
        Accumulator[] later = codec.newAccumulators();
        earlier[1].add(1);
        later[1].add(2);
        later[2].add("y");

        AccumulatorCodec.merge(earlier, later);

        assertThat(earlier[1].result()).isEqualTo(3L);
        assertThat(earlier[2].result()).isEqualTo("y");
    }

    @Test
    void shouldReportCorruptStateWhenVersionIsUnknown() {
        byte[] bytes = codec.encode(codec.newAccumulators());
        bytes[0] = 99;

        assertThatThrownBy(() -> codec.decode(bytes))
                .isInstanceOf(StateCorruptedException.class)
                .hasMessageContaining("version 99");
    }

    @Test
    void shouldReportCorruptStateWhenBytesAreTruncatedOrLeftOver() {
        Accumulator[] accumulators = codec.newAccumulators();
        accumulators[2].add("some text");
        byte[] bytes = codec.encode(accumulators);

        assertThatThrownBy(() -> codec.decode(Arrays.copyOf(bytes, bytes.length - 3)))
                .isInstanceOf(StateCorruptedException.class);
        assertThatThrownBy(() -> codec.decode(Arrays.copyOf(bytes, bytes.length + 1)))
                .isInstanceOf(StateCorruptedException.class);
    }
}
