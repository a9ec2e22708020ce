package io.sluice.processor.stateful;

import static io.sluice.processor.stateful.JoinInput.LEFT;
import static io.sluice.processor.stateful.JoinInput.RIGHT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The times of the other side a row can meet ({@code [matchFrom, matchUntil)}) and its last chance,
 * per condition and side. Times are plain milliseconds; a minute is 60,000.
 */
class JoinConditionTest {
    private static final long MINUTE = 60_000;

    @Test
    void shouldLetALeftRowMeetRightTimesFromLowerToUpperWhenBetweenIsPositive() {
        JoinCondition between = new JoinCondition.Between(Duration.ZERO, Duration.ofHours(1));

        assertThat(bounds(between, LEFT, 600 * MINUTE))
                .containsExactly(600 * MINUTE, 660 * MINUTE + 1, 660 * MINUTE);
        assertThat(bounds(between, RIGHT, 600 * MINUTE))
                .containsExactly(540 * MINUTE, 600 * MINUTE + 1, 600 * MINUTE);
        assertThat(between.isBounded()).isTrue();
    }

    @Test
    void shouldMirrorTheBoundsForTheRightSideWhenTheLowerBoundIsNegative() {
        JoinCondition between =
                new JoinCondition.Between(Duration.ofMinutes(-10), Duration.ofMinutes(5));

        assertThat(bounds(between, LEFT, 100 * MINUTE))
                .containsExactly(90 * MINUTE, 105 * MINUTE + 1, 105 * MINUTE);
        assertThat(bounds(between, RIGHT, 100 * MINUTE))
                .containsExactly(95 * MINUTE, 110 * MINUTE + 1, 110 * MINUTE);
    }

    @Test
    void shouldGiveALastChanceBeforeTheRowsOwnTimeWhenBothBoundsAreNegative() {
        JoinCondition between =
                new JoinCondition.Between(Duration.ofMinutes(-10), Duration.ofMinutes(-5));

        assertThat(bounds(between, LEFT, 100 * MINUTE))
                .containsExactly(90 * MINUTE, 95 * MINUTE + 1, 95 * MINUTE);
        assertThat(bounds(between, RIGHT, 100 * MINUTE))
                .containsExactly(105 * MINUTE, 110 * MINUTE + 1, 110 * MINUTE);
    }

    @Test
    void shouldMeetOnlyTheSameTimeWhenBetweenHasZeroWidth() {
        JoinCondition between = new JoinCondition.Between(Duration.ZERO, Duration.ZERO);

        assertThat(bounds(between, LEFT, 1_000)).containsExactly(1_000L, 1_001L, 1_000L);
        assertThat(bounds(between, RIGHT, 1_000)).containsExactly(1_000L, 1_001L, 1_000L);
    }

    @Test
    void shouldMeetOneExactOffsetWhenBothBoundsAreEqualAndNotZero() {
        JoinCondition between =
                new JoinCondition.Between(Duration.ofSeconds(30), Duration.ofSeconds(30));

        assertThat(bounds(between, LEFT, 1_000)).containsExactly(31_000L, 31_001L, 31_000L);
        assertThat(bounds(between, RIGHT, 31_000)).containsExactly(1_000L, 1_001L, 1_000L);
    }

    @Test
    void shouldRejectBetweenWhenTheUpperBoundIsBelowTheLowerOne() {
        assertThatThrownBy(() -> new JoinCondition.Between(Duration.ofMinutes(5), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the upper bound PT0S is below the lower bound PT5M");
    }

    @Test
    void shouldMeetTheWholeWindowOfTheRowOnEitherSideWhenSameWindow() {
        JoinCondition window = new JoinCondition.SameWindow(Duration.ofMinutes(15));

        assertThat(bounds(window, LEFT, 610 * MINUTE))
                .containsExactly(600 * MINUTE, 615 * MINUTE, 615 * MINUTE - 1);
        assertThat(bounds(window, RIGHT, 610 * MINUTE))
                .containsExactly(600 * MINUTE, 615 * MINUTE, 615 * MINUTE - 1);
        assertThat(bounds(window, LEFT, 615 * MINUTE))
                .containsExactly(615 * MINUTE, 630 * MINUTE, 630 * MINUTE - 1);
        assertThat(bounds(window, LEFT, 615 * MINUTE - 1))
                .containsExactly(600 * MINUTE, 615 * MINUTE, 615 * MINUTE - 1);
        assertThat(window.isBounded()).isTrue();
    }

    @Test
    void shouldAlignWindowsBelowZeroWhenTimesAreNegative() {
        JoinCondition window = new JoinCondition.SameWindow(Duration.ofMillis(10));

        assertThat(bounds(window, LEFT, -1)).containsExactly(-10L, 0L, -1L);
        assertThat(bounds(window, RIGHT, -10)).containsExactly(-10L, 0L, -1L);
        assertThat(bounds(window, LEFT, -11)).containsExactly(-20L, -10L, -11L);
        assertThat(bounds(window, LEFT, 0)).containsExactly(0L, 10L, 9L);
    }

    @Test
    void shouldRejectAWindowWhenItsSizeIsNotPositive() {
        assertThatThrownBy(() -> new JoinCondition.SameWindow(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a window size must be positive: PT0S");
        assertThatThrownBy(() -> new JoinCondition.SameWindow(Duration.ofMinutes(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a window size must be positive: PT-1M");
    }

    @Test
    void shouldMeetEveryTimeAndNeverExpireWhenThereIsNoCondition() {
        JoinCondition none = new JoinCondition.None();

        assertThat(bounds(none, LEFT, 1_000))
                .containsExactly(Long.MIN_VALUE, Long.MAX_VALUE, Long.MAX_VALUE);
        assertThat(bounds(none, RIGHT, -1_000))
                .containsExactly(Long.MIN_VALUE, Long.MAX_VALUE, Long.MAX_VALUE);
        assertThat(none.isBounded()).isFalse();
    }

    @Test
    void shouldDescribeBoundsAndWindowsInTheirLargestWholeUnitWhenPrinted() {
        assertThat(
                        new JoinCondition.Between(Duration.ofMinutes(-5), Duration.ofHours(1))
                                .describe())
                .isEqualTo("with the right time between the left time - 5m and + 1h");
        assertThat(new JoinCondition.Between(Duration.ZERO, Duration.ofSeconds(90)).describe())
                .isEqualTo("with the right time between the left time + 0s and + 90s");
        assertThat(new JoinCondition.SameWindow(Duration.ofMillis(1_500)).describe())
                .isEqualTo("in the same 1500ms window");
        assertThat(new JoinCondition.SameWindow(Duration.ofDays(1)).describe())
                .isEqualTo("in the same 1d window");
        assertThat(new JoinCondition.None().describe())
                .isEqualTo("at any time (the state grows without bound)");
    }

    /** matchFrom, matchUntil and lastChance of a row of {@code side} at {@code timeMs}. */
    private static List<Long> bounds(JoinCondition condition, int side, long timeMs) {
        return List.of(
                condition.matchFromMs(side, timeMs),
                condition.matchUntilMs(side, timeMs),
                condition.lastChanceMs(side, timeMs));
    }
}
