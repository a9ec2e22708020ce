package io.sluice.processor.window;

import java.util.ArrayList;
import java.util.List;

/**
 * A session merge is the outcome of adding a record's window to a key's sessions: the merged
 * session, and the existing sessions it absorbs (which the merged one replaces; empty when the
 * record starts a new session).
 */
public record SessionMerge(TimeWindow merged, List<TimeWindow> absorbed) {
    public SessionMerge {
        absorbed = List.copyOf(absorbed);
    }

    /** Merges {@code window} with every session of {@code sessions} it overlaps or touches. */
    static SessionMerge of(Iterable<TimeWindow> sessions, TimeWindow window) {
        // One record's window can bridge several sessions; a merged window can reach sessions
        // the record's own window did not, so sweep until nothing more merges.
        TimeWindow merged = window;
        List<TimeWindow> absorbed = new ArrayList<>();
        boolean grew = true;
        while (grew) {
            grew = false;
            for (TimeWindow session : sessions) {
                if (!absorbed.contains(session) && session.mergesWith(merged)) {
                    absorbed.add(session);
                    merged = merged.span(session);
                    grew = true;
                }
            }
        }
        return new SessionMerge(merged, absorbed);
    }
}
