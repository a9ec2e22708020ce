package io.sluice.registry;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Schema ids the registry said it does not have, remembered for a while so that a flood of records
 * with a bad id does not ask it once per record. Thread-safe.
 *
 * <p>An id is remembered for a limited time only: the schema may be registered later. At most
 * {@value #MAX_IDS} ids are held; past that, expired ones are dropped, and if none has expired all
 * are forgotten (garbage bytes can carry any id; a few extra registry calls are the lesser harm).
 */
final class UnknownIds {
    static final int MAX_IDS = 10_000;

    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private final Map<Integer, Long> expiryNanos = new ConcurrentHashMap<>();

    UnknownIds(Duration ttl, LongSupplier nanoTime) {
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Whether the id was found unknown less than the time to live ago. */
    boolean contains(int id) {
        Long expiry = expiryNanos.get(id);
        if (expiry == null) {
            return false;
        }
        if (nanoTime.getAsLong() - expiry < 0) {
            return true;
        }
        expiryNanos.remove(id, expiry);
        return false;
    }

    /** Remembers that the registry does not have this id, from now on for the time to live. */
    void add(int id) {
        long now = nanoTime.getAsLong();
        if (expiryNanos.size() >= MAX_IDS) {
            expiryNanos.values().removeIf(expiry -> now - expiry >= 0);
            if (expiryNanos.size() >= MAX_IDS) {
                expiryNanos.clear();
            }
        }
        expiryNanos.put(id, now + ttlNanos);
    }

    int size() {
        return expiryNanos.size();
    }
}
