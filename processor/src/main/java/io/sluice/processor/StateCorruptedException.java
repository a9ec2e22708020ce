package io.sluice.processor;

/**
 * Local state cannot be trusted: wipe the task's RocksDB and restore it from the changelog.
 *
 * <p>The changelog topic is the source of truth and the local store only a cache of it, so this is
 * never a reason to lose data: the engine stops the task's batches, wipes its local store, replays
 * the changelog from the beginning and carries on.
 */
public class StateCorruptedException extends SluiceException {
    private static final long serialVersionUID = 1L;

    public StateCorruptedException(String message) {
        super(message);
    }

    public StateCorruptedException(String message, Throwable cause) {
        super(message, cause);
    }
}
