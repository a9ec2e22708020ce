package io.sluice.processor.engine;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Something a run starts on a thread of its own, so that its round trips and client set-up overlap
 * the rest of start-up instead of following it: {@link #await()} hands it over, or throws what
 * starting it threw.
 *
 * @param <T> what is started
 */
public final class BackgroundStart<T> {
    private final CompletableFuture<T> started = new CompletableFuture<>();

    private BackgroundStart() {}

    /** Starts {@code start} on a daemon thread named {@code thread}; returns at once. */
    public static <T> BackgroundStart<T> begin(String thread, Supplier<T> start) {
        BackgroundStart<T> background = new BackgroundStart<>();
        Thread starter =
                new Thread(
                        () -> {
                            try {
                                background.started.complete(start.get());
                            } catch (Throwable e) {
                                background.started.completeExceptionally(e);
                            }
                        },
                        thread);
        starter.setDaemon(true);
        starter.start();
        return background;
    }

    /**
     * What was started, once it is.
     *
     * @throws RuntimeException what starting it threw
     */
    public T await() {
        try {
            return started.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** What was started, once the start ended; empty when it failed ({@link #await()} says why). */
    Optional<T> awaitQuietly() {
        try {
            return Optional.ofNullable(started.join());
        } catch (CompletionException e) {
            return Optional.empty();
        }
    }
}
