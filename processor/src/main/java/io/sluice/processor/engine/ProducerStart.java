package io.sluice.processor.engine;

import io.sluice.processor.commit.TransactionalCommitter;

/**
 * Initialises a committer's transactions on a thread of its own, from the start of a run: finding
 * the transaction coordinator and aborting what a predecessor left open needs no topic, so those
 * round trips overlap the topic set-up instead of following it. {@link #await()} hands the
 * committer over, or throws what initialising it threw; {@link #close()} waits for it and closes
 * the committer.
 */
final class ProducerStart implements AutoCloseable {
    private final TransactionalCommitter committer;
    private final BackgroundStart<TransactionalCommitter> init;

    private ProducerStart(TransactionalCommitter committer) {
        this.committer = committer;
        this.init =
                BackgroundStart.begin(
                        "sluice-producer-init",
                        () -> {
                            committer.init();
                            return committer;
                        });
    }

    /** Starts initialising {@code committer}'s transactions; returns at once. */
    static ProducerStart begin(TransactionalCommitter committer) {
        return new ProducerStart(committer);
    }

    /**
     * The committer, once its transactions are initialised.
     *
     * @throws RuntimeException what {@link TransactionalCommitter#init()} threw
     */
    TransactionalCommitter await() {
        return init.await();
    }

    /** Waits for the initialisation to end, however it ends, and closes the committer. */
    @Override
    public void close() {
        init.awaitQuietly(); // a failure was reported by await(); the committer closes the rest
        committer.close();
    }
}
