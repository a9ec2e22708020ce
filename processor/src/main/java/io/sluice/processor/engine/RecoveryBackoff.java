package io.sluice.processor.engine;

import java.time.Duration;

/**
 * How long a task whose local state failed waits before it is tried again: no wait after a first
 * failure, then {@code first}, doubling up to {@code max}, so that a store that keeps failing does
 * not spin the batch loop. Shared by restores and standbys.
 */
record RecoveryBackoff(Duration first, Duration max) {

    /** The backoff of the engine's retry settings. */
    static RecoveryBackoff of(EngineSettings settings) {
        return new RecoveryBackoff(settings.retryBackoff(), settings.maxRetryBackoff());
    }

    /** The wait after {@code failures} failures in a row. */
    Duration after(int failures) {
        if (failures <= 1) {
            return Duration.ZERO;
        }
        long ms = first.toMillis() << Math.min(failures - 2, 20);
        return Duration.ofMillis(Math.min(ms, max.toMillis()));
    }
}
