package io.sluice.processor.stateful.groupstate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.processor.plan.StatefulStage.EventTime;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Spark's rules for a group state handle: what may be called, with which timeout, when. */
class KeyStateTest {
    private static final long NOW = 1_000_000;

    private static KeyState<Long> state(GroupStateTimeout conf, boolean watermark, long wm) {
        return new KeyState<>(null, conf, NOW, watermark, wm, false);
    }

    @Test
    void shouldRejectNullWhenUpdating() {
        KeyState<Long> state = state(GroupStateTimeout.NO_TIMEOUT, false, Long.MIN_VALUE);

        assertThatThrownBy(() -> state.update(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("remove()");
    }

    @Test
    void shouldThrowWhenGettingAStateThatDoesNotExist() {
        KeyState<Long> state = state(GroupStateTimeout.NO_TIMEOUT, false, Long.MIN_VALUE);

        assertThatThrownBy(state::get).isInstanceOf(NoSuchElementException.class);
        assertThat(state.getOption()).isEmpty();
        assertThat(state.exists()).isFalse();
    }

    @Test
    void shouldForgetTheStateWhenRemovedAfterAnUpdate() {
        KeyState<Long> state =
                new KeyState<>(7L, GroupStateTimeout.NO_TIMEOUT, NOW, false, 0, false);

        state.update(8L);
        state.remove();

        assertThat(state.exists()).isFalse();
        assertThat(state.isChanged()).isTrue();
    }

    @Test
    void shouldSetTheTimeoutAtProcessingTimePlusDurationWhenTimeoutIsProcessingTime() {
        KeyState<Long> state = state(GroupStateTimeout.PROCESSING_TIME, false, Long.MIN_VALUE);

        state.setTimeoutDuration(Duration.ofSeconds(5));

        assertThat(state.hasTimeout()).isTrue();
        assertThat(state.timeoutMs()).isEqualTo(NOW + 5_000);
    }

    @Test
    void shouldRejectATimeoutDurationWhenTimeoutIsNotProcessingTime() {
        KeyState<Long> none = state(GroupStateTimeout.NO_TIMEOUT, false, Long.MIN_VALUE);
        KeyState<Long> eventTime = state(GroupStateTimeout.EVENT_TIME, true, 0);

        assertThatThrownBy(() -> none.setTimeoutDuration(1_000))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> eventTime.setTimeoutDuration(1_000))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shouldRejectATimeoutDurationWhenItIsNotPositive() {
        KeyState<Long> state = state(GroupStateTimeout.PROCESSING_TIME, false, Long.MIN_VALUE);

        assertThatThrownBy(() -> state.setTimeoutDuration(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> state.setTimeoutDuration(-5))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRejectATimeoutTimestampWhenItIsBelowTheWatermark() {
        KeyState<Long> state = state(GroupStateTimeout.EVENT_TIME, true, 50_000);

        assertThatThrownBy(() -> state.setTimeoutTimestamp(49_999))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("49999")
                .hasMessageContaining("50000");
        state.setTimeoutTimestamp(50_000);
        assertThat(state.timeoutMs()).isEqualTo(50_000);
    }

    @Test
    void shouldRejectATimeoutTimestampWhenTimeoutIsNotEventTimeOrItIsNotPositive() {
        KeyState<Long> processing = state(GroupStateTimeout.PROCESSING_TIME, true, 0);
        KeyState<Long> eventTime = state(GroupStateTimeout.EVENT_TIME, true, Long.MIN_VALUE);

        assertThatThrownBy(() -> processing.setTimeoutTimestamp(10))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> eventTime.setTimeoutTimestamp(0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRefuseTheWatermarkWhenTheStepHasNone() {
        KeyState<Long> state = state(GroupStateTimeout.NO_TIMEOUT, false, Long.MIN_VALUE);

        assertThatThrownBy(state::getCurrentWatermarkMs)
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(state.getCurrentProcessingTimeMs()).isEqualTo(NOW);
    }

    @Test
    void shouldReportWatermarkZeroWhenNoneWasComputedYet() {
        KeyState<Long> state = state(GroupStateTimeout.EVENT_TIME, true, Long.MIN_VALUE);

        assertThat(state.getCurrentWatermarkMs()).isZero();
    }

    @Test
    void shouldStartEveryCallWithoutATimeoutWhenTheKeyHadOne() {
        KeyState<Long> state =
                new KeyState<>(3L, GroupStateTimeout.PROCESSING_TIME, NOW, false, 0, true);

        assertThat(state.hasTimedOut()).isTrue();
        assertThat(state.hasTimeout()).isFalse();
        assertThat(state.isChanged()).isFalse();
    }

    @Test
    void shouldRefuseEventTimeTimeoutsWhenTheStageHasNoWatermark() {
        var operator =
                GroupStateSteps.flatMapGroupsWithState(
                        Rows.BY_USER,
                        Rows.COUNT,
                        StateCodec.longs(),
                        GroupStateTimeout.EVENT_TIME,
                        (key, rows, state) -> Collections.emptyIterator());

        assertThatThrownBy(
                        () ->
                                GroupStateSteps.stage(
                                        operator,
                                        new EventTime.RecordTimestamp(),
                                        Optional.empty(),
                                        List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs a watermark");
    }
}
