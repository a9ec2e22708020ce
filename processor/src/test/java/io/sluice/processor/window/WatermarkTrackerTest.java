package io.sluice.processor.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WatermarkTrackerTest {
    private static final long SECOND_NANOS = 1_000_000_000L;
    private static final WatermarkPolicy POLICY =
            WatermarkPolicy.of(Duration.ofMillis(100), Duration.ofSeconds(10));

    @Test
    void shouldHaveNoWatermarkWhenNothingWasObserved() {
        WatermarkTracker tracker = new WatermarkTracker(POLICY, 2, 0);

        long watermark = tracker.advance(SECOND_NANOS);

        assertThat(watermark).isEqualTo(Long.MIN_VALUE);
        assertThat(tracker.effectiveMs()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void shouldTrailLargestEventTimeByDelayWhenOnePartition() {
        WatermarkTracker tracker = new WatermarkTracker(POLICY, 1, 0);
        tracker.observe(0, 1_000);
        tracker.observe(0, 1_500);
        tracker.observe(0, 1_200);

        long watermark = tracker.advance(SECOND_NANOS);

        assertThat(watermark).isEqualTo(1_400);
    }

    @Test
    void shouldKeepPreviousWatermarkInEffectUntilBatchEnds() {
        WatermarkTracker tracker = new WatermarkTracker(POLICY, 1, 0);
        tracker.observe(0, 1_000);
        tracker.advance(SECOND_NANOS);

        tracker.observe(0, 5_000);

        assertThat(tracker.effectiveMs()).isEqualTo(900);
        assertThat(tracker.advance(2 * SECOND_NANOS)).isEqualTo(4_900);
        assertThat(tracker.effectiveMs()).isEqualTo(4_900);
    }

    @Test
    void shouldTakeMinimumOverPartitionsWhenSeveralAreActive() {
        WatermarkTracker tracker = new WatermarkTracker(POLICY, 2, 0);
        tracker.observe(0, 5_000);
        tracker.observe(1, 2_000);

        long watermark = tracker.advance(SECOND_NANOS);

        assertThat(watermark).isEqualTo(1_900);
    }

    @Test
    void shouldHoldWatermarkWhenAnActivePartitionHasNoEventTimeYet() {
        WatermarkTracker tracker = new WatermarkTracker(POLICY, 2, 0);
        tracker.observe(0, 5_000);

        long watermark = tracker.advance(SECOND_NANOS);

        assertThat(watermark).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void shouldNeverMoveBackwardsWhenLaterRecordsAreOlder() {
        WatermarkTracker tracker = new WatermarkTracker(POLICY, 2, 0);
        tracker.observe(0, 5_000);
        tracker.observe(1, 5_000);
        tracker.advance(SECOND_NANOS);
        WatermarkTracker restarted = new WatermarkTracker(POLICY, 2, 0);
        restarted.restore(4_900, 0);
        restarted.observe(0, 1_000);
        restarted.observe(1, 1_000);

        long watermark = restarted.advance(SECOND_NANOS);

        assertThat(watermark).isEqualTo(4_900);
    }

    @Test
    void shouldIgnoreIdlePartitionWhenItDeliveredNothingForTheIdleTimeout() {
        WatermarkTracker tracker = new WatermarkTracker(POLICY, 2, 0);
        tracker.observe(0, 1_000);
        tracker.observe(1, 1_000);
        tracker.advance(SECOND_NANOS);

        tracker.observe(0, 8_000);
        long beforeTimeout = tracker.advance(10 * SECOND_NANOS);
        tracker.observe(0, 9_000);
        long afterTimeout = tracker.advance(11 * SECOND_NANOS);

        assertThat(beforeTimeout).isEqualTo(900);
        assertThat(afterTimeout).isEqualTo(8_900);
        assertThat(tracker.isIdle(1)).isTrue();
        assertThat(tracker.isIdle(0)).isFalse();
    }

    @Test
    void shouldHoldWatermarkAgainWhenIdlePartitionComesBack() {
        WatermarkTracker tracker = new WatermarkTracker(POLICY, 2, 0);
        tracker.observe(0, 9_000);
        tracker.advance(11 * SECOND_NANOS);
        tracker.observe(0, 20_000);
        tracker.observe(1, 3_000);

        long watermark = tracker.advance(12 * SECOND_NANOS);

        assertThat(watermark).isEqualTo(8_900);
        assertThat(tracker.isIdle(1)).isFalse();
    }

    @Test
    void shouldStayWhenEveryPartitionIsIdleAndQuietAdvanceIsOff() {
        WatermarkTracker tracker = new WatermarkTracker(POLICY, 1, 0);
        tracker.observe(0, 1_000);
        tracker.advance(SECOND_NANOS);

        long watermark = tracker.advance(60 * SECOND_NANOS);

        assertThat(watermark).isEqualTo(900);
    }

    @Test
    void shouldAdvanceWithWallClockWhenEveryPartitionIsIdleAndQuietAdvanceIsOn() {
        WatermarkTracker tracker = new WatermarkTracker(POLICY.withAdvanceWhenQuiet(), 2, 0);
        tracker.observe(0, 1_000);
        tracker.observe(1, 1_000);
        tracker.advance(SECOND_NANOS);

        long atTimeout = tracker.advance(11 * SECOND_NANOS);
        long later = tracker.advance(14 * SECOND_NANOS + 500_000);
        long evenLater = tracker.advance(15 * SECOND_NANOS);

        assertThat(atTimeout).isEqualTo(900);
        assertThat(later).isEqualTo(3_900);
        assertThat(evenLater).isEqualTo(4_900);
    }

    @Test
    void shouldFollowEventTimeAgainWhenQuietTopicGetsRecords() {
        WatermarkTracker tracker = new WatermarkTracker(POLICY.withAdvanceWhenQuiet(), 1, 0);
        tracker.observe(0, 1_000);
        tracker.advance(SECOND_NANOS);
        tracker.advance(21 * SECOND_NANOS);

        tracker.observe(0, 50_000);
        long watermark = tracker.advance(22 * SECOND_NANOS);

        assertThat(watermark).isEqualTo(49_900);
    }

    @Test
    void shouldBeInEffectAtOnceWhenRestored() {
        WatermarkTracker tracker = new WatermarkTracker(POLICY, 1, 0);

        tracker.restore(7_000, 0);

        assertThat(tracker.effectiveMs()).isEqualTo(7_000);
        assertThat(tracker.advance(SECOND_NANOS)).isEqualTo(7_000);
    }

    @Test
    void shouldForgetAbortedBatchWhenRestoredToCommittedWatermark() {
        WatermarkTracker tracker = new WatermarkTracker(POLICY, 1, 0);
        tracker.observe(0, 1_000);
        tracker.advance(SECOND_NANOS);
        tracker.observe(0, 9_000);
        tracker.advance(2 * SECOND_NANOS);

        tracker.restore(900, 2 * SECOND_NANOS);

        assertThat(tracker.effectiveMs()).isEqualTo(900);
    }

    @Test
    void shouldNotTakeAPartitionForIdleWhenTimePassesAndIdlenessComesFromMarkers() {
        WatermarkTracker tracker = WatermarkTracker.idleByMarkers(POLICY, 2, 0);
        tracker.observe(0, 5_000);

        long watermark = tracker.advance(3_600 * SECOND_NANOS);

        assertThat(watermark).isEqualTo(Long.MIN_VALUE);
        assertThat(tracker.isIdle(1)).isFalse();
    }

    @Test
    void shouldLeaveOutAPartitionMarkedIdleUntilItDeliversAgain() {
        WatermarkTracker tracker = WatermarkTracker.idleByMarkers(POLICY, 2, 0);
        tracker.observe(0, 5_000);
        tracker.markIdle(1, SECOND_NANOS);
        assertThat(tracker.advance(SECOND_NANOS)).isEqualTo(4_900);

        tracker.observe(1, 3_000);
        tracker.observe(0, 9_000);

        assertThat(tracker.advance(2 * SECOND_NANOS)).isEqualTo(4_900);
        assertThat(tracker.isIdle(1)).isFalse();
    }

    @Test
    void shouldKeepOnlyCommittedIdleMarksWhenRestoredAfterAnAbort() {
        WatermarkTracker tracker = WatermarkTracker.idleByMarkers(POLICY, 3, 0);
        tracker.markIdle(1, 0);
        tracker.committed();
        tracker.markIdle(2, 0); // read in a batch that aborts

        tracker.restore(1_000, SECOND_NANOS);
        tracker.observe(0, 8_000);

        assertThat(tracker.isIdle(1)).isFalse(); // decided at the next advance
        assertThat(tracker.advance(2 * SECOND_NANOS)).isEqualTo(1_000);
        assertThat(tracker.isIdle(1)).isTrue();
        assertThat(tracker.isIdle(2)).isFalse();
    }

    @Test
    void shouldTrailEachSlotByItsOwnDelayWhenSlotsHaveDelaysOfTheirOwn() {
        WatermarkTracker tracker = new WatermarkTracker(POLICY, 3, 0);
        tracker.delay(1, Duration.ofMillis(2_000));
        tracker.delay(2, Duration.ZERO);
        tracker.observe(0, 10_000);
        tracker.observe(1, 11_000);
        tracker.observe(2, 9_950);

        long watermark = tracker.advance(SECOND_NANOS);

        assertThat(watermark).isEqualTo(9_000); // min(10_000 - 100, 11_000 - 2_000, 9_950 - 0)
    }

    @Test
    void shouldBeHeldByTheSlotWithTheLongerDelayWhenBothSlotsReachTheSameTime() {
        WatermarkTracker tracker = new WatermarkTracker(POLICY, 2, 0);
        tracker.delay(1, Duration.ofMinutes(20));
        tracker.observe(0, 3_600_000);
        tracker.observe(1, 3_600_000);
        long first = tracker.advance(SECOND_NANOS);

        tracker.observe(1, 5_400_000);
        long second = tracker.advance(2 * SECOND_NANOS);

        assertThat(first).isEqualTo(2_400_000);
        assertThat(second).isEqualTo(3_599_900);
    }

    @Test
    void shouldKeepASlotsOwnDelayWhenRestored() {
        WatermarkTracker tracker = new WatermarkTracker(POLICY, 2, 0);
        tracker.delay(0, Duration.ofMillis(500));
        tracker.restore(1_000, 0);

        tracker.observe(0, 5_000);
        tracker.observe(1, 5_000);

        assertThat(tracker.advance(SECOND_NANOS)).isEqualTo(4_500);
    }

    @Test
    void shouldStayAtNoWatermarkWhenASlotsDelayIsLargerThanItsEventTimes() {
        WatermarkTracker tracker = new WatermarkTracker(POLICY, 1, 0);
        tracker.delay(0, Duration.ofSeconds(Long.MAX_VALUE / 1_000));
        tracker.observe(0, Long.MIN_VALUE + 1_000);

        long watermark = tracker.advance(SECOND_NANOS);

        assertThat(watermark).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void shouldRejectANegativeDelayForASlot() {
        WatermarkTracker tracker = new WatermarkTracker(POLICY, 1, 0);

        assertThatThrownBy(() -> tracker.delay(0, Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the watermark delay must not be negative, got PT-0.001S");
    }
}
