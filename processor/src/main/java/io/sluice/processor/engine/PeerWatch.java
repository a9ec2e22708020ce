package io.sluice.processor.engine;

import io.sluice.processor.plan.InternalTopics;
import java.time.Duration;

/**
 * The peer-failure detection of one instance: its own liveness beats ({@link MemberBeats}) and the
 * watch over the others' ({@link PeerWatcher}), both on the pipeline's members topic, started
 * together and stopped together; off when {@code group.peer.timeout.ms} is 0.
 *
 * <p>Beats come every sixth of the timeout, between 100 and 500 ms: at the 3 s default, every 500
 * ms, so a peer is called silent after six missing beats in a row.
 */
final class PeerWatch implements AutoCloseable {
    private static final Duration MIN_INTERVAL = Duration.ofMillis(100);
    private static final Duration MAX_INTERVAL = Duration.ofMillis(500);

    private final MemberBeats beats;
    private final PeerWatcher watcher;

    private PeerWatch(MemberBeats beats, PeerWatcher watcher) {
        this.beats = beats;
        this.watcher = watcher;
    }

    /** Starts beating and watching for pipeline {@code pipeline}; null when the watch is off. */
    static PeerWatch start(EngineSettings settings, String pipeline) {
        if (settings.peerTimeout().isZero()) {
            return null;
        }
        Duration interval = interval(settings.peerTimeout());
        String topic = InternalTopics.members(pipeline);
        MemberBeats beats = MemberBeats.start(settings, topic, interval);
        try {
            return new PeerWatch(beats, PeerWatcher.start(settings, pipeline, topic, interval));
        } catch (RuntimeException e) {
            beats.close();
            throw e;
        }
    }

    /** How often an instance beats for {@code timeout}: a sixth of it, within 100 to 500 ms. */
    static Duration interval(Duration timeout) {
        Duration sixth = timeout.dividedBy(6);
        if (sixth.compareTo(MIN_INTERVAL) < 0) {
            return MIN_INTERVAL;
        }
        return sixth.compareTo(MAX_INTERVAL) > 0 ? MAX_INTERVAL : sixth;
    }

    /**
     * Stops watching and beating; {@code leaving} (a clean stop that left the group) writes a
     * tombstone so no other instance acts on this one's silence.
     */
    void close(boolean leaving) {
        try {
            watcher.close();
        } finally {
            beats.close(leaving);
        }
    }

    /** Stops without a tombstone: the others remove this instance after the timeout. */
    @Override
    public void close() {
        close(false);
    }
}
