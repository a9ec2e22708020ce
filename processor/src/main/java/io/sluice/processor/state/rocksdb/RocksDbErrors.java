package io.sluice.processor.state.rocksdb;

import io.sluice.processor.StateCorruptedException;
import java.util.Locale;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

/**
 * The one place a {@link RocksDBException} becomes a Sluice exception, named by how the engine
 * reacts.
 *
 * <p>Local state is a cache of the changelog, so any storage error (corruption, I/O, a failed write
 * after the Kafka commit) has the same safe reaction: {@link StateCorruptedException}, wipe and
 * restore. The exception is a lock held by someone else: wiping would delete the other owner's
 * files, so that is an {@link IllegalStateException} (two instances share a state directory).
 */
final class RocksDbErrors {

    private RocksDbErrors() {}

    /** The exception to throw for {@code e}, raised while doing {@code action} (a template). */
    static RuntimeException translate(RocksDBException e, String action, Object... args) {
        String what = String.format(action, args);
        Status status = e.getStatus();
        String code = status == null ? "Unknown" : status.getCodeString();
        if (isLockConflict(e)) {
            return new IllegalStateException(
                    String.format(
                            "%s: the store is locked by another RocksDB instance (%s); give each"
                                    + " Sluice process its own state directory",
                            what, e.getMessage()),
                    e);
        }
        return new StateCorruptedException(
                String.format(
                        "%s failed (%s: %s): wipe the task's local state and restore it from the"
                                + " changelog",
                        what, code, e.getMessage()),
                e);
    }

    private static boolean isLockConflict(RocksDBException e) {
        Status status = e.getStatus();
        String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        boolean ioError = status != null && status.getCode() == Status.Code.IOError;
        // RocksDB reports a held LOCK file as an IOError naming "<dir>/LOCK: ..." (held by another
        // process: "While lock file", or by this one: "lock hold by current process"). Match the
        // file, not any "lock": an I/O error under a directory named "block-..." must be wiped.
        return ioError && message.contains("/lock:");
    }
}
