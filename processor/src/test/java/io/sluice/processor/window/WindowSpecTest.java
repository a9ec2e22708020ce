package io.sluice.processor.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowSpecTest {

    @Test
    void shouldAlignTumblingWindowToEpochWhenTimeIsInsideIt() {
        WindowSpec spec = new WindowSpec.Tumbling(Duration.ofMinutes(15));

        long[] starts = starts(spec, minutes(37));

        assertThat(starts).containsExactly(minutes(30));
        assertThat(spec.windowEnd(minutes(30))).isEqualTo(minutes(45));
    }

    @Test
    void shouldStartTumblingWindowAtTheTimeWhenTimeIsOnABoundary() {
        WindowSpec spec = new WindowSpec.Tumbling(Duration.ofMinutes(15));

        assertThat(starts(spec, minutes(45))).containsExactly(minutes(45));
    }

    @Test
    void shouldAlignDownwardsWhenTimeIsBeforeTheEpoch() {
        WindowSpec spec = new WindowSpec.Tumbling(Duration.ofMillis(10));

        assertThat(starts(spec, -1)).containsExactly(-10);
        assertThat(starts(spec, -10)).containsExactly(-10);
    }

    @Test
    void shouldGiveEveryOverlappingWindowWhenSizeIsAMultipleOfSlide() {
        WindowSpec spec = new WindowSpec.Sliding(Duration.ofMinutes(10), Duration.ofMinutes(5));

        long[] starts = starts(spec, minutes(12));

        assertThat(spec.maxWindowsPerRecord()).isEqualTo(2);
        assertThat(starts).containsExactly(minutes(5), minutes(10));
    }

    @Test
    void shouldGiveOnlyWindowsContainingTheTimeWhenSizeIsNotAMultipleOfSlide() {
        WindowSpec spec = new WindowSpec.Sliding(Duration.ofMillis(10), Duration.ofMillis(4));

        assertThat(spec.maxWindowsPerRecord()).isEqualTo(3);
        assertThat(starts(spec, 13)).containsExactly(4, 8, 12);
        assertThat(starts(spec, 12)).containsExactly(4, 8, 12);
        assertThat(starts(spec, 11)).containsExactly(4, 8);
        assertThat(starts(spec, 0)).containsExactly(-8, -4, 0);
    }

    @Test
    void shouldContainTheTimeInEveryWindowWhenSlidingWindowsAreAssigned() {
        WindowSpec spec = new WindowSpec.Sliding(Duration.ofMillis(7), Duration.ofMillis(3));

        for (long time = -50; time <= 50; time++) {
            for (long start : starts(spec, time)) {
                assertThat(start % 3).isZero();
                assertThat(time).isBetween(start, spec.windowEnd(start) - 1);
            }
            // Any k * 3 start within (time - 7, time] is listed.
            long expected = Math.floorDiv(time, 3) - Math.floorDiv(time - 7, 3);
            assertThat(starts(spec, time)).hasSize((int) expected);
        }
    }

    @Test
    void shouldBehaveAsTumblingWhenSlideEqualsSize() {
        WindowSpec spec = new WindowSpec.Sliding(Duration.ofMinutes(5), Duration.ofMinutes(5));

        assertThat(starts(spec, minutes(7))).containsExactly(minutes(5));
    }

    @Test
    void shouldRefuseSlideWhenLongerThanSize() {
        assertThatThrownBy(
                        () -> new WindowSpec.Sliding(Duration.ofMinutes(5), Duration.ofMinutes(10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not exceed the size");
    }

    @Test
    void shouldRefuseSizeWhenNotAPositiveWholeNumberOfMillis() {
        assertThatThrownBy(() -> new WindowSpec.Tumbling(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive whole number of milliseconds");
        assertThatThrownBy(() -> new WindowSpec.Tumbling(Duration.ofNanos(1_500_000)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WindowSpec.Session(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldOpenGapLongWindowWhenSessionGetsARecord() {
        WindowSpec spec = new WindowSpec.Session(Duration.ofMinutes(5));

        assertThat(starts(spec, minutes(3))).containsExactly(minutes(3));
        assertThat(spec.windowEnd(minutes(3))).isEqualTo(minutes(8));
    }

    @Test
    void shouldStartNewSessionWhenRecordIsBeyondTheGap() {
        WindowSpec.Session spec = new WindowSpec.Session(Duration.ofMillis(10));

        SessionMerge merge = spec.merge(List.of(new TimeWindow(0, 10)), 11);

        assertThat(merge.merged()).isEqualTo(new TimeWindow(11, 21));
        assertThat(merge.absorbed()).isEmpty();
    }

    @Test
    void shouldExtendSessionWhenRecordFallsInsideIt() {
        WindowSpec.Session spec = new WindowSpec.Session(Duration.ofMillis(10));

        SessionMerge merge = spec.merge(List.of(new TimeWindow(0, 10)), 4);

        assertThat(merge.merged()).isEqualTo(new TimeWindow(0, 14));
        assertThat(merge.absorbed()).containsExactly(new TimeWindow(0, 10));
    }

    @Test
    void shouldMergeSessionsWhenRecordBridgesThem() {
        WindowSpec.Session spec = new WindowSpec.Session(Duration.ofMillis(10));
        List<TimeWindow> sessions =
                List.of(new TimeWindow(22, 35), new TimeWindow(0, 12), new TimeWindow(60, 70));

        SessionMerge merge = spec.merge(sessions, 12);

        assertThat(merge.merged()).isEqualTo(new TimeWindow(0, 35));
        assertThat(merge.absorbed())
                .containsExactlyInAnyOrder(new TimeWindow(0, 12), new TimeWindow(22, 35));
    }

    @Test
    void shouldMergeSessionsWhenWindowsOnlyTouch() {
        WindowSpec.Session spec = new WindowSpec.Session(Duration.ofMillis(10));

        SessionMerge merge = spec.merge(List.of(new TimeWindow(0, 10)), 10);

        assertThat(merge.merged()).isEqualTo(new TimeWindow(0, 20));
    }

    private static long[] starts(WindowSpec spec, long time) {
        long[] starts = new long[spec.maxWindowsPerRecord()];
        int count = spec.windowStarts(time, starts);
        return Arrays.copyOf(starts, count);
    }

    private static long minutes(long minutes) {
        return Duration.ofMinutes(minutes).toMillis();
    }
}
