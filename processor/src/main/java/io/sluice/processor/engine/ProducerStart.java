package io.sluice.processor.engine;

import io.sluice.processor.commit.TransactionalCommitter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Initialises a committer's transactions on a thread of its own, from the start of a run: finding
 * the transaction coordinator and aborting what a predecessor left open needs no topic, so those
 * round trips overlap the topic set-up instead of following it. {@link #await()} hands the
 * committer over, or throws what initialising it threw; {@link #close()} waits for it and closes
 * the committer.
 */
final class ProducerStart implements AutoCloseable {
    private final TransactionalCommitter committer;
    private final CompletableFuture<Void> init = new CompletableFuture<>();

    private ProducerStart(TransactionalCommitter committer) {
        this.committer = committer;
    }

    /** Starts initialising {@code committer}'s transactions; returns at once. */
    static ProducerStart begin(TransactionalCommitter committer) {
        ProducerStart start = new ProducerStart(committer);
        Thread thread =
                new Thread(
                        () -> {
                            try {
                                committer.init();
                                start.init.complete(null);
                            } catch (Throwable e) {
                                start.init.completeExceptionally(e);
                            }
                        },
                        "sluice-producer-init");
        thread.setDaemon(true);
        thread.start();
        return start;
    }

    /**
     * The committer, once its transactions are initialised.
     *
     * @throws RuntimeException what {@link TransactionalCommitter#init()} threw
     */
    TransactionalCommitter await() {
        try {
            init.join();
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
        return committer;
    }

    /** Waits for the initialisation to end, however it ends, and closes the committer. */
    @Override
    public void close() {
        try {
            init.join();
        } catch (CompletionException e) {
            // await() reported it; the committer closes whatever it opened
        }
        committer.close();
    }
}
