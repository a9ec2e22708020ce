package io.sluice.processor.dstream;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of a {@link StreamingContext}.
 *
 * <pre>
 *   INITIALIZED --start--> ACTIVE --stop / a batch failed--> STOPPED
 *        |                                                      ^
 *        +-------------------------stop-------------------------+
 * </pre>
 *
 * Streams and output operations are added while {@code INITIALIZED}; batches run while {@code
 * ACTIVE}.
 */
enum ContextState {
    INITIALIZED,
    ACTIVE,
    STOPPED;

    /** The states this one may move to. */
    Set<ContextState> next() {
        switch (this) {
            case INITIALIZED:
                return EnumSet.of(ACTIVE, STOPPED);
            case ACTIVE:
                return EnumSet.of(STOPPED);
            default:
                return EnumSet.noneOf(ContextState.class);
        }
    }
}
