package io.sluice.processor.engine;

import io.sluice.processor.StateCorruptedException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;

/** Passes every call on to several listeners, in order. */
final class EngineListeners implements EngineListener {
    private final List<EngineListener> listeners;

    EngineListeners(List<EngineListener> listeners) {
        this.listeners = listeners;
    }

    @Override
    public void partitionsAssigned(Collection<TopicPartition> partitions) {
        for (EngineListener listener : listeners) {
            listener.partitionsAssigned(partitions);
        }
    }

    @Override
    public void startupPhase(String phase) {
        for (EngineListener listener : listeners) {
            listener.startupPhase(phase);
        }
    }

    @Override
    public void partitionsRevoked(Collection<TopicPartition> partitions) {
        for (EngineListener listener : listeners) {
            listener.partitionsRevoked(partitions);
        }
    }

    @Override
    public void restoring(TopicPartition partition, long restored, long total) {
        for (EngineListener listener : listeners) {
            listener.restoring(partition, restored, total);
        }
    }

    @Override
    public void restored(TopicPartition partition) {
        for (EngineListener listener : listeners) {
            listener.restored(partition);
        }
    }

    @Override
    public void standbyLag(TopicPartition partition, OptionalLong lagRecords) {
        for (EngineListener listener : listeners) {
            listener.standbyLag(partition, lagRecords);
        }
    }

    @Override
    public void standbyClosed(TopicPartition partition) {
        for (EngineListener listener : listeners) {
            listener.standbyClosed(partition);
        }
    }

    @Override
    public void stateCorrupted(TopicPartition partition, StateCorruptedException cause) {
        for (EngineListener listener : listeners) {
            listener.stateCorrupted(partition, cause);
        }
    }

    @Override
    public void tableRecordSkipped(TopicPartition partition, long offset, String reason) {
        for (EngineListener listener : listeners) {
            listener.tableRecordSkipped(partition, offset, reason);
        }
    }

    @Override
    public void offsetsPlanned(
            Map<TopicPartition, Long> nextOffsets, Map<TopicPartition, Long> endOffsets) {
        for (EngineListener listener : listeners) {
            listener.offsetsPlanned(nextOffsets, endOffsets);
        }
    }

    @Override
    public void batchCommitted(CommittedBatch batch) {
        for (EngineListener listener : listeners) {
            listener.batchCommitted(batch);
        }
    }

    @Override
    public void batchAborted(long batchId, Exception cause) {
        for (EngineListener listener : listeners) {
            listener.batchAborted(batchId, cause);
        }
    }

    @Override
    public void batchFailed(long batchId, int attempts, Exception cause) {
        for (EngineListener listener : listeners) {
            listener.batchFailed(batchId, attempts, cause);
        }
    }

    @Override
    public void runEnded(PipelineRunner.Outcome outcome, String reason) {
        for (EngineListener listener : listeners) {
            listener.runEnded(outcome, reason);
        }
    }

    @Override
    public void ingesterStopped(String reason) {
        for (EngineListener listener : listeners) {
            listener.ingesterStopped(reason);
        }
    }
}
